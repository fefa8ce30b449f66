# pmg_set_warnings(target): strict warnings on project code only.
function(pmg_set_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wno-missing-field-initializers)
  if(PMG_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()

# pmg_system_includes(target dep...): re-export a dependency's include dirs as SYSTEM
# so third-party headers never trip -Werror.
function(pmg_mark_system target)
  get_target_property(dirs ${target} INTERFACE_INCLUDE_DIRECTORIES)
  if(dirs)
    set_target_properties(${target} PROPERTIES INTERFACE_SYSTEM_INCLUDE_DIRECTORIES "${dirs}")
  endif()
endfunction()
