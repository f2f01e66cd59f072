// 1x1 convolution for the diffusion UNets: the residual blocks' skip projections and the
// attention blocks' q/k/v and output projections, on [C, N·H·W] maps with 8-128 channels.
// OpenBLAS's sgemm handles an 8-row, 16-deep, 65536-column product poorly (packing dominates);
// here 8 output channels x 3 vectors of 16 columns accumulate in registers over the input
// channels, with bias and residual added at the store. Runtime dispatch: AVX-512F, AVX2+FMA, scalar.
#include "pointwiseconv.h"
#include "directconv.h"
#include "unet_block512.h"
#include "unet_isa.h"
#include <immintrin.h>
#include <string.h>

#define B WARDEN_CONV3X3_BLOCK

size_t warden_conv1x1_packed_count(int out_channels, int channels) {
    return (size_t)((out_channels + B - 1) / B) * (size_t)channels * B;
}

void warden_conv1x1_pack(const float *w, int out_channels, int channels, float *packed) {
    int blocks = (out_channels + B - 1) / B;
    for (int block = 0; block < blocks; block++)
        for (int c = 0; c < channels; c++)
            for (int j = 0; j < B; j++) {
                int o = block * B + j;
                packed[((size_t)block * channels + c) * B + j] = o < out_channels ? w[(size_t)o * channels + c] : 0.0f;
            }
}

// 8 output channels x XB vectors of columns; `x` at column j of channel 0, `out`/`res` at
// (block's first channel, j); `stride` = columns (between channels of x and of the output).
#define DEFINE_POINT_512(XB)                                                                       \
__attribute__((target("avx512f,fma"), noinline)) static void point512_##XB(                       \
    const float *x, size_t stride, int channels, const float *wp, float *out, const float *res,   \
    int nout, const float *bias, __mmask16 last) {                                                 \
    __m512 acc[B][XB];                                                                             \
    UNET_BLOCK512_START(acc, XB, nout, bias)                                                       \
    for (int c = 0; c < channels; c++) {                                                           \
        const float *p = x + (size_t)c * stride;                                                   \
        __m512 in[XB];                                                                             \
        _Pragma("clang loop unroll(full)")                                                         \
        for (int v = 0; v < XB; v++)                                                               \
            in[v] = v == XB - 1 ? _mm512_maskz_loadu_ps(last, p + 16 * v) : _mm512_loadu_ps(p + 16 * v); \
        _Pragma("clang loop unroll(full)")                                                         \
        for (int j = 0; j < B; j++) {                                                              \
            __m512 w = _mm512_set1_ps(wp[(size_t)c * B + j]);                                      \
            _Pragma("clang loop unroll(full)")                                                     \
            for (int v = 0; v < XB; v++) acc[j][v] = _mm512_fmadd_ps(w, in[v], acc[j][v]);         \
        }                                                                                          \
    }                                                                                              \
    UNET_BLOCK512_STORE(acc, XB, nout, out, res, stride, last)                                     \
}

DEFINE_POINT_512(1)
DEFINE_POINT_512(3)

__attribute__((target("avx512f,fma"))) static void run_512(const float *x, int channels, int columns,
                                                           const float *packed, int out_channels, const float *bias,
                                                           const float *residual, float *output, int begin, int end) {
    int blocks = (out_channels + B - 1) / B;
    int j = begin;
    while (j < end) {
        // Blocks of 3 vectors, then single (the last one masked) vectors.
        int xb = end - j >= 48 ? 3 : 1;
        int span = xb == 3 ? 48 : (end - j < 16 ? end - j : 16);
        int tail = span - (xb - 1) * 16;
        __mmask16 last = (__mmask16)((1u << tail) - 1u);
        for (int block = 0; block < blocks; block++) {
            const float *wp = packed + (size_t)block * channels * B;
            int nout = out_channels - block * B < B ? out_channels - block * B : B;
            float *out = output + (size_t)block * B * columns + j;
            const float *res = residual ? residual + (size_t)block * B * columns + j : NULL;
            const float *b = bias ? bias + block * B : NULL;
            if (xb == 3) point512_3(x + j, (size_t)columns, channels, wp, out, res, nout, b, last);
            else point512_1(x + j, (size_t)columns, channels, wp, out, res, nout, b, last);
        }
        j += span;
    }
}

__attribute__((target("avx2,fma"))) static void run_avx2(const float *x, int channels, int columns,
                                                         const float *packed, int out_channels, const float *bias,
                                                         const float *residual, float *output, int begin, int end) {
    int blocks = (out_channels + B - 1) / B;
    const __m256i lanes = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
    for (int j = begin; j < end; j += 8) {
        int count = end - j < 8 ? end - j : 8;
        __m256i mask = _mm256_cmpgt_epi32(_mm256_set1_epi32(count), lanes);
        for (int block = 0; block < blocks; block++) {
            const float *wp = packed + (size_t)block * channels * B;
            int nout = out_channels - block * B < B ? out_channels - block * B : B;
            __m256 acc[B];
            for (int o = 0; o < B; o++) acc[o] = _mm256_set1_ps(bias && o < nout ? bias[block * B + o] : 0.0f);
            for (int c = 0; c < channels; c++) {
                __m256 v = _mm256_maskload_ps(x + (size_t)c * columns + j, mask);
                for (int o = 0; o < B; o++) acc[o] = _mm256_fmadd_ps(_mm256_set1_ps(wp[(size_t)c * B + o]), v, acc[o]);
            }
            for (int o = 0; o < nout; o++) {
                size_t offset = (size_t)(block * B + o) * columns + j;
                __m256 value = acc[o];
                if (residual) value = _mm256_add_ps(value, _mm256_maskload_ps(residual + offset, mask));
                _mm256_maskstore_ps(output + offset, mask, value);
            }
        }
    }
}

static void run_scalar(const float *x, int channels, int columns, const float *packed, int out_channels,
                       const float *bias, const float *residual, float *output, int begin, int end) {
    for (int o = 0; o < out_channels; o++) {
        const float *wp = packed + (size_t)(o / B) * channels * B + (o % B);
        for (int j = begin; j < end; j++) {
            float sum = bias ? bias[o] : 0.0f;
            for (int c = 0; c < channels; c++) sum += wp[(size_t)c * B] * x[(size_t)c * columns + j];
            size_t offset = (size_t)o * columns + j;
            if (residual) sum += residual[offset];
            output[offset] = sum;
        }
    }
}

static void run(int isa, const float *x, int channels, int columns, const float *packed, int out_channels,
                const float *bias, const float *residual, float *output, int begin, int end) {
    if (begin < 0) begin = 0;
    if (end > columns) end = columns;
    if (begin >= end || out_channels <= 0) return;
    if (isa == UNET_ISA_AVX512) run_512(x, channels, columns, packed, out_channels, bias, residual, output, begin, end);
    else if (isa == UNET_ISA_AVX2) run_avx2(x, channels, columns, packed, out_channels, bias, residual, output, begin, end);
    else run_scalar(x, channels, columns, packed, out_channels, bias, residual, output, begin, end);
}

void warden_conv1x1_run(const float *x, int channels, int columns, const float *packed, int out_channels,
                        const float *bias, const float *residual, float *output, int column_begin, int column_end) {
    run(unet_best_isa(), x, channels, columns, packed, out_channels, bias, residual, output, column_begin, column_end);
}

void warden_conv1x1_run_isa(const char *isa, const float *x, int channels, int columns, const float *packed,
                            int out_channels, const float *bias, const float *residual, float *output,
                            int column_begin, int column_end) {
    run(unet_chosen_isa(isa), x, channels, columns, packed, out_channels, bias, residual,
        output, column_begin, column_end);
}
