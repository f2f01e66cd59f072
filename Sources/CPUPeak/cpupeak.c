// FP32 peak probe: 12 independent accumulators hide the FMA latency (4 cycles x 2 pipes, plus
// slack), so the loop is bound by FMA throughput alone. Each ISA variant is compiled with its own
// target attribute and picked at run time, so the binary still runs on a baseline x86-64 CPU.
#include "cpupeak.h"
#include <immintrin.h>

#define ACC 12

__attribute__((target("avx512f")))
static uint64_t run_avx512(uint64_t iterations, float *sink) {
    __m512 acc[ACC];
    for (int i = 0; i < ACC; i++) acc[i] = _mm512_set1_ps((float)i * 1e-3f);
    const __m512 a = _mm512_set1_ps(0.999999f), b = _mm512_set1_ps(1e-7f);
    for (uint64_t n = 0; n < iterations; n++) {
        for (int i = 0; i < ACC; i++) acc[i] = _mm512_fmadd_ps(acc[i], a, b);
    }
    __m512 s = acc[0];
    for (int i = 1; i < ACC; i++) s = _mm512_add_ps(s, acc[i]);
    *sink = _mm512_reduce_add_ps(s);
    return iterations * ACC * 16 * 2;
}

__attribute__((target("avx2,fma")))
static uint64_t run_avx2(uint64_t iterations, float *sink) {
    __m256 acc[ACC];
    for (int i = 0; i < ACC; i++) acc[i] = _mm256_set1_ps((float)i * 1e-3f);
    const __m256 a = _mm256_set1_ps(0.999999f), b = _mm256_set1_ps(1e-7f);
    for (uint64_t n = 0; n < iterations; n++) {
        for (int i = 0; i < ACC; i++) acc[i] = _mm256_fmadd_ps(acc[i], a, b);
    }
    float out[8];
    __m256 s = acc[0];
    for (int i = 1; i < ACC; i++) s = _mm256_add_ps(s, acc[i]);
    _mm256_storeu_ps(out, s);
    *sink = out[0] + out[7];
    return iterations * ACC * 8 * 2;
}

static uint64_t run_sse(uint64_t iterations, float *sink) {
    __m128 acc[ACC];
    for (int i = 0; i < ACC; i++) acc[i] = _mm_set1_ps((float)i * 1e-3f);
    const __m128 a = _mm_set1_ps(0.999999f), b = _mm_set1_ps(1e-7f);
    for (uint64_t n = 0; n < iterations; n++) {
        for (int i = 0; i < ACC; i++) acc[i] = _mm_add_ps(_mm_mul_ps(acc[i], a), b);
    }
    float out[4];
    __m128 s = acc[0];
    for (int i = 1; i < ACC; i++) s = _mm_add_ps(s, acc[i]);
    _mm_storeu_ps(out, s);
    *sink = out[0] + out[3];
    return iterations * ACC * 4 * 2;
}

int warden_cpu_has_avx512f(void) {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx512f") ? 1 : 0;
}

const char *warden_fma_peak_isa(void) {
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f")) return "avx512f";
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) return "avx2+fma";
    return "sse";
}

uint64_t warden_fma_peak_run(uint64_t iterations, float *sink) {
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f")) return run_avx512(iterations, sink);
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) return run_avx2(iterations, sink);
    return run_sse(iterations, sink);
}
