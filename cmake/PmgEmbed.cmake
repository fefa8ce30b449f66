# pmg_embed_files(dir pattern symbol namespace out_var): a generated .cpp whose function
# `namespace::symbol()` returns every file of `dir` matching `pattern` as (file name, text) pairs
# (cmake/EmbedShaders.cmake), so the binaries carry shaders, presets and scales with them.
function(pmg_embed_files dir pattern symbol namespace out_var)
  string(MAKE_C_IDENTIFIER "${symbol}" stem)
  set(out ${CMAKE_CURRENT_BINARY_DIR}/${stem}.cpp)
  file(GLOB files CONFIGURE_DEPENDS ${dir}/${pattern})
  add_custom_command(
    OUTPUT ${out}
    COMMAND ${CMAKE_COMMAND} -DSHADER_DIR=${dir} -DOUTPUT=${out} -DSYMBOL=${symbol}
            -DPATTERN=${pattern} -DNAMESPACE=${namespace}
            -P ${PROJECT_SOURCE_DIR}/cmake/EmbedShaders.cmake
    DEPENDS ${files} ${PROJECT_SOURCE_DIR}/cmake/EmbedShaders.cmake
    COMMENT "Embedding ${dir}")
  set(${out_var} ${out} PARENT_SCOPE)
endfunction()
