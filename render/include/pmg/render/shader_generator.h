// Seeded generator of new Shadertoy-convention programs: domain warps -> fields ->
// combinators -> palette -> time. (generator version, seed) determines the program.
#pragma once
#include <cstdint>
#include <string>

#include "pmg/render/shader_library.h"

namespace pmg::render {

/// Bump when the grammar changes: the same seed then means a different program.
constexpr int kShaderGeneratorVersion = 2;

/// Generates program `seed`; the entry's id is "gen-v<version>-<seed>", family "generated",
/// and the header records the stages chosen.
ShaderEntry generateShader(uint64_t seed);

}  // namespace pmg::render
