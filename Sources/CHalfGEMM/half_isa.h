// What the half-precision kernels of this target can run on (private header, not in include/):
// both the half GEMM and the channels-last convolution need F16C and FMA beside the vector width.
#ifndef WARDEN_HALF_ISA_H
#define WARDEN_HALF_ISA_H

static inline int warden_half_has_avx512(void) {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("fma") && __builtin_cpu_supports("f16c");
}

static inline int warden_half_has_avx2(void) {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") && __builtin_cpu_supports("f16c");
}

// The name of the set those kernels run on this CPU.
static inline const char *warden_half_isa_name(void) {
    return warden_half_has_avx512() ? "avx512f+f16c" : warden_half_has_avx2() ? "avx2+fma+f16c" : "scalar";
}

#endif
