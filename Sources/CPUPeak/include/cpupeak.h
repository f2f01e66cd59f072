#ifndef WARDEN_CPUPEAK_H
#define WARDEN_CPUPEAK_H
#include <stdint.h>

/// Runs `iterations` rounds of independent fused multiply-adds on one thread with the widest
/// vector unit this CPU has (AVX-512, else AVX2+FMA, else SSE) and returns the floating-point
/// operations performed (2 per lane per FMA). The caller times it; the result is the machine's
/// measured FP32 peak per thread, the denominator of every "share of peak" Warden reports.
uint64_t warden_fma_peak_run(uint64_t iterations, float *sink);

/// The instruction set `warden_fma_peak_run` uses on this CPU: "avx512f", "avx2+fma" or "sse".
const char *warden_fma_peak_isa(void);

/// 1 when the CPU reports AVX-512F (cpuid), else 0.
int warden_cpu_has_avx512f(void);
#endif
