// The instruction sets the UNet kernels pick between at run time, shared by their files (private
// header): what this CPU has, and which set runs when a caller asks for one by name.
#ifndef WARDEN_UNET_ISA_H
#define WARDEN_UNET_ISA_H
#include <string.h>

enum { UNET_ISA_SCALAR, UNET_ISA_AVX2, UNET_ISA_AVX512 };

// The best set this CPU has (AVX-512F with FMA, AVX2 with FMA, or portable C).
static inline int unet_best_isa(void) {
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("fma")) return UNET_ISA_AVX512;
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) return UNET_ISA_AVX2;
    return UNET_ISA_SCALAR;
}

// The set named "avx512f", "avx2" or anything else (scalar), or the best this CPU has below it.
static inline int unet_chosen_isa(const char *name) {
    int best = unet_best_isa();
    int wanted = strcmp(name, "avx512f") == 0 ? UNET_ISA_AVX512 : strcmp(name, "avx2") == 0 ? UNET_ISA_AVX2 : UNET_ISA_SCALAR;
    return wanted <= best ? wanted : best;
}

static inline const char *unet_isa_name(int isa) {
    return isa == UNET_ISA_AVX512 ? "avx512f" : isa == UNET_ISA_AVX2 ? "avx2" : "scalar";
}

#endif
