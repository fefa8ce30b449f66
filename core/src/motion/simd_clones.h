// PMG_SIMD_CLONES: compile a function for AVX2 and for baseline x86-64, picked at run time.
// Use only on integer loops, so that every version gives bit-identical results.
#pragma once

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define PMG_SIMD_CLONES __attribute__((target_clones("avx2", "default")))
#else
#define PMG_SIMD_CLONES
#endif
