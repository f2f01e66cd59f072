// The two ends of an AVX-512 register block of the UNet convolutions (private header): 8 output
// channels (WARDEN_CONV3X3_BLOCK) x XB vectors of 16 outputs held in `acc[8][XB]`, started at the
// bias and stored with the residual added. The direct 3x3 and the 1x1 kernels differ only in
// what they accumulate between the two.
#ifndef WARDEN_UNET_BLOCK512_H
#define WARDEN_UNET_BLOCK512_H
#include "directconv.h"
#include <immintrin.h>

// acc[j][v] = bias[j], or 0 past the block's `nout` channels or without a bias.
#define UNET_BLOCK512_START(acc, XB, nout, bias)                                                   \
    _Pragma("clang loop unroll(full)")                                                             \
    for (int j = 0; j < WARDEN_CONV3X3_BLOCK; j++) {                                               \
        __m512 b = _mm512_set1_ps((bias) && j < (nout) ? (bias)[j] : 0.0f);                        \
        _Pragma("clang loop unroll(full)")                                                         \
        for (int v = 0; v < XB; v++) (acc)[j][v] = b;                                              \
    }

// Writes the first `nout` channels' rows at `out` (channels `ostride` apart), each plus the same
// place of `res` when it is not NULL; the last vector of a row is masked by `last`.
#define UNET_BLOCK512_STORE(acc, XB, nout, out, res, ostride, last)                                \
    _Pragma("clang loop unroll(full)")                                                             \
    for (int j = 0; j < WARDEN_CONV3X3_BLOCK; j++) {                                               \
        if (j >= (nout)) break;                                                                    \
        float *o = (out) + (size_t)j * (ostride);                                                  \
        const float *r = (res) ? (res) + (size_t)j * (ostride) : NULL;                             \
        _Pragma("clang loop unroll(full)")                                                         \
        for (int v = 0; v < XB; v++) {                                                             \
            __mmask16 m = v == XB - 1 ? (last) : (__mmask16)0xffff;                                \
            __m512 value = (acc)[j][v];                                                            \
            if (r) value = _mm512_add_ps(value, _mm512_maskz_loadu_ps(m, r + 16 * v));             \
            _mm512_mask_storeu_ps(o + 16 * v, m, value);                                           \
        }                                                                                          \
    }

#endif
