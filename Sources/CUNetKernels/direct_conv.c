// Direct 3x3 convolution (stride 1, padding 1) for the diffusion UNets' thin feature maps.
//
// The UNets keep 8-64 channels over large planes (up to 256x256), so im2col + sgemm moves
// 9x the activations through memory for a product whose inner dimension is only 72-1152 deep.
// Here each output row segment is computed in registers: 8 output channels x up to 3 vectors
// of 16 pixels accumulate over every input channel and tap, reading the zero-bordered input
// planes in place (no unfolding) and broadcasting the weights from a packed [C][9][8] block.
// Bias and residual are added when the accumulators are stored.
// Runtime dispatch picks AVX-512F, AVX2+FMA or a portable scalar path.
#include "directconv.h"
#include "unet_block512.h"
#include "unet_isa.h"
#include <immintrin.h>
#include <string.h>

#define B WARDEN_CONV3X3_BLOCK

size_t warden_conv3x3_packed_count(int out_channels, int channels) {
    return (size_t)((out_channels + B - 1) / B) * (size_t)channels * 9 * B;
}

void warden_conv3x3_pack(const float *w, int out_channels, int channels, float *packed) {
    int blocks = (out_channels + B - 1) / B;
    for (int block = 0; block < blocks; block++) {
        for (int c = 0; c < channels; c++) {
            for (int t = 0; t < 9; t++) {
                for (int j = 0; j < B; j++) {
                    int o = block * B + j;
                    packed[(((size_t)block * channels + c) * 9 + t) * B + j] =
                        o < out_channels ? w[((size_t)o * channels + c) * 9 + t] : 0.0f;
                }
            }
        }
    }
}

void warden_conv3x3_pad(const float *input, int planes, int height, int width, float *padded) {
    int wp = width + 2;
    size_t plane = (size_t)(height + 2) * wp;
    for (int p = 0; p < planes; p++) {
        float *dst = padded + (size_t)p * plane;
        const float *src = input + (size_t)p * height * width;
        memset(dst, 0, sizeof(float) * wp);
        for (int y = 0; y < height; y++) {
            float *row = dst + (size_t)(y + 1) * wp;
            row[0] = 0;
            memcpy(row + 1, src + (size_t)y * width, sizeof(float) * width);
            row[width + 1] = 0;
        }
        memset(dst + (size_t)(height + 1) * wp, 0, sizeof(float) * wp);
    }
}

void warden_upsample2x_pad(const float *input, int planes, int height, int width, float *padded) {
    int ow = 2 * width, wp = ow + 2;
    size_t plane = (size_t)(2 * height + 2) * wp;
    for (int p = 0; p < planes; p++) {
        float *dst = padded + (size_t)p * plane;
        const float *src = input + (size_t)p * height * width;
        memset(dst, 0, sizeof(float) * wp);
        for (int y = 0; y < height; y++) {
            float *row = dst + (size_t)(2 * y + 1) * wp;
            const float *in = src + (size_t)y * width;
            row[0] = 0;
            for (int x = 0; x < width; x++) row[1 + 2 * x] = row[2 + 2 * x] = in[x];
            row[ow + 1] = 0;
            memcpy(row + wp, row, sizeof(float) * wp);
        }
        memset(dst + (size_t)(2 * height + 1) * wp, 0, sizeof(float) * wp);
    }
}

// Geometry shared by the kernels of one call.
typedef struct {
    const float *padded;
    int channels, batch, height, width;
    const float *packed;
    int out_channels;
    const float *bias;
    int bias_stride;
    const float *residual;
    float *output;
} conv_args;

// ---------------------------------------------------------------------------------------------
// AVX-512F: one block = 8 output channels x XB vectors of 16 pixels of one output row.
// `in` points at the window's top-left (padded row y, column x), `cstride` between input
// channels; `out`/`res` at (channel 0 of the block, n, y, x), `ostride` between output channels.
#define DEFINE_BLOCK_512(XB)                                                                       \
__attribute__((target("avx512f,fma"), noinline)) static void block512_##XB(                                 \
    const float *in, size_t cstride, int ldi, int channels, const float *wp, float *out,           \
    const float *res, size_t ostride, int nout, const float *bias, __mmask16 last) {               \
    __m512 acc[B][XB];                                                                             \
    UNET_BLOCK512_START(acc, XB, nout, bias)                                                       \
    for (int c = 0; c < channels; c++) {                                                           \
        const float *p = in + (size_t)c * cstride;                                                 \
        const float *wc = wp + (size_t)c * 9 * B;                                                  \
        _Pragma("clang loop unroll(full)")                                                         \
        for (int t = 0; t < 9; t++) {                                                              \
            const float *q = p + (t / 3) * ldi + (t % 3);                                          \
            __m512 x[XB];                                                                          \
            _Pragma("clang loop unroll(full)")                                                     \
            for (int v = 0; v < XB; v++) x[v] = _mm512_loadu_ps(q + 16 * v);                       \
            _Pragma("clang loop unroll(full)")                                                     \
            for (int j = 0; j < B; j++) {                                                          \
                __m512 w = _mm512_set1_ps(wc[t * B + j]);                                          \
                _Pragma("clang loop unroll(full)")                                                 \
                for (int v = 0; v < XB; v++) acc[j][v] = _mm512_fmadd_ps(w, x[v], acc[j][v]);      \
            }                                                                                      \
        }                                                                                          \
    }                                                                                              \
    UNET_BLOCK512_STORE(acc, XB, nout, out, res, ostride, last)                                    \
}

DEFINE_BLOCK_512(1)
DEFINE_BLOCK_512(2)
DEFINE_BLOCK_512(3)

__attribute__((target("avx512f,fma"))) static void run_512(const conv_args *a, int row_begin, int row_end) {
    int wp = a->width + 2;
    size_t plane = (size_t)(a->height + 2) * wp;
    size_t cstride = (size_t)a->batch * plane;
    size_t ostride = (size_t)a->batch * a->height * a->width;
    int blocks = (a->out_channels + B - 1) / B;
    for (int r = row_begin; r < row_end; r++) {
        int n = r / a->height, y = r % a->height;
        const float *row = a->padded + (size_t)n * plane + (size_t)y * wp;
        size_t orow = (size_t)r * a->width;
        int x = 0;
        while (x < a->width) {
            int vectors = (a->width - x + 15) / 16;
            int xb = vectors == 4 ? 2 : (vectors < 3 ? vectors : 3);
            int span = xb * 16 < a->width - x ? xb * 16 : a->width - x;
            int tail = span - (xb - 1) * 16;
            __mmask16 last = (__mmask16)((1u << tail) - 1u);
            for (int block = 0; block < blocks; block++) {
                const float *wp_block = a->packed + (size_t)block * a->channels * 9 * B;
                int nout = a->out_channels - block * B < B ? a->out_channels - block * B : B;
                float *out = a->output + (size_t)block * B * ostride + orow + x;
                const float *res = a->residual ? a->residual + (size_t)block * B * ostride + orow + x : NULL;
                const float *bias = a->bias ? a->bias + (size_t)n * a->bias_stride + block * B : NULL;
                if (xb == 3) block512_3(row + x, cstride, wp, a->channels, wp_block, out, res, ostride, nout, bias, last);
                else if (xb == 2) block512_2(row + x, cstride, wp, a->channels, wp_block, out, res, ostride, nout, bias, last);
                else block512_1(row + x, cstride, wp, a->channels, wp_block, out, res, ostride, nout, bias, last);
            }
            x += span;
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Stride 2 (the UNets' downsampling convs), AVX-512F: output column x reads padded columns
// 2x + kx; a pair of loads and one permute gathers the even (kx = 0), odd (kx = 1) and
// shifted-even (kx = 2) columns of 16 outputs.
#define DEFINE_S2_BLOCK_512(XB)                                                                    \
__attribute__((target("avx512f,fma"), noinline)) static void s2block512_##XB(                     \
    const float *in, size_t cstride, int ldi, int channels, const float *wp, float *out,           \
    size_t ostride, int nout, const float *bias, __mmask16 last) {                                 \
    const __m512i even = _mm512_setr_epi32(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30); \
    const __m512i odd = _mm512_setr_epi32(1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23, 25, 27, 29, 31); \
    __m512 acc[B][XB];                                                                             \
    UNET_BLOCK512_START(acc, XB, nout, bias)                                                       \
    for (int c = 0; c < channels; c++) {                                                           \
        const float *p = in + (size_t)c * cstride;                                                 \
        const float *wc = wp + (size_t)c * 9 * B;                                                  \
        _Pragma("clang loop unroll(disable)")                                                         \
        for (int ky = 0; ky < 3; ky++) {                                                           \
            const float *row = p + (size_t)ky * ldi;                                               \
            __m512 x[3][XB];                                                                       \
            _Pragma("clang loop unroll(full)")                                                     \
            for (int v = 0; v < XB; v++) {                                                         \
                __m512 a0 = _mm512_loadu_ps(row + 32 * v), a1 = _mm512_loadu_ps(row + 32 * v + 16); \
                __m512 b0 = _mm512_loadu_ps(row + 32 * v + 2), b1 = _mm512_loadu_ps(row + 32 * v + 18); \
                x[0][v] = _mm512_permutex2var_ps(a0, even, a1);                                    \
                x[1][v] = _mm512_permutex2var_ps(a0, odd, a1);                                     \
                x[2][v] = _mm512_permutex2var_ps(b0, even, b1);                                    \
            }                                                                                      \
            _Pragma("clang loop unroll(full)")                                                     \
            for (int kx = 0; kx < 3; kx++) {                                                       \
                _Pragma("clang loop unroll(full)")                                                 \
                for (int j = 0; j < B; j++) {                                                      \
                    __m512 w = _mm512_set1_ps(wc[(ky * 3 + kx) * B + j]);                          \
                    _Pragma("clang loop unroll(full)")                                             \
                    for (int v = 0; v < XB; v++) acc[j][v] = _mm512_fmadd_ps(w, x[kx][v], acc[j][v]); \
                }                                                                                  \
            }                                                                                      \
        }                                                                                          \
    }                                                                                              \
    UNET_BLOCK512_STORE(acc, XB, nout, out, (const float *)NULL, ostride, last)                    \
}

DEFINE_S2_BLOCK_512(1)
DEFINE_S2_BLOCK_512(2)

int warden_conv3x3s2_run(const float *padded, int channels, int batch, int height, int width,
                         const float *packed, int out_channels, const float *bias, float *output,
                         int row_begin, int row_end) {
    if (unet_best_isa() != UNET_ISA_AVX512) return 0;
    int oh = (height - 1) / 2 + 1, ow = (width - 1) / 2 + 1;
    int wp = width + 2;
    size_t plane = (size_t)(height + 2) * wp;
    size_t cstride = (size_t)batch * plane;
    size_t ostride = (size_t)batch * oh * ow;
    int blocks = (out_channels + B - 1) / B;
    if (row_begin < 0) row_begin = 0;
    if (row_end > batch * oh) row_end = batch * oh;
    for (int r = row_begin; r < row_end; r++) {
        int n = r / oh, y = r % oh;
        const float *row = padded + (size_t)n * plane + (size_t)(2 * y) * wp;
        size_t orow = (size_t)r * ow;
        for (int x = 0; x < ow;) {
            int xb = ow - x > 16 ? 2 : 1;
            int span = ow - x < 16 * xb ? ow - x : 16 * xb;
            __mmask16 last = (__mmask16)((1u << (span - (xb - 1) * 16)) - 1u);
            for (int block = 0; block < blocks; block++) {
                const float *wpk = packed + (size_t)block * channels * 9 * B;
                int nout = out_channels - block * B < B ? out_channels - block * B : B;
                float *out = output + (size_t)block * B * ostride + orow + x;
                const float *b = bias ? bias + block * B : NULL;
                if (xb == 2) s2block512_2(row + 2 * x, cstride, wp, channels, wpk, out, ostride, nout, b, last);
                else s2block512_1(row + 2 * x, cstride, wp, channels, wpk, out, ostride, nout, b, last);
            }
            x += span;
        }
    }
    return 1;
}

// ---------------------------------------------------------------------------------------------
// AVX2+FMA: 8 output channels x one vector of 8 pixels (16 registers).
__attribute__((target("avx2,fma"))) static void run_avx2(const conv_args *a, int row_begin, int row_end) {
    int wp = a->width + 2;
    size_t plane = (size_t)(a->height + 2) * wp;
    size_t cstride = (size_t)a->batch * plane;
    size_t ostride = (size_t)a->batch * a->height * a->width;
    int blocks = (a->out_channels + B - 1) / B;
    const __m256i lanes = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
    for (int r = row_begin; r < row_end; r++) {
        int n = r / a->height, y = r % a->height;
        const float *row = a->padded + (size_t)n * plane + (size_t)y * wp;
        size_t orow = (size_t)r * a->width;
        for (int x = 0; x < a->width; x += 8) {
            int count = a->width - x < 8 ? a->width - x : 8;
            __m256i mask = _mm256_cmpgt_epi32(_mm256_set1_epi32(count), lanes);
            for (int block = 0; block < blocks; block++) {
                const float *wpk = a->packed + (size_t)block * a->channels * 9 * B;
                int nout = a->out_channels - block * B < B ? a->out_channels - block * B : B;
                __m256 acc[B];
                for (int j = 0; j < B; j++)
                    acc[j] = _mm256_set1_ps(a->bias && j < nout ? a->bias[(size_t)n * a->bias_stride + block * B + j] : 0.0f);
                for (int c = 0; c < a->channels; c++) {
                    const float *p = row + x + (size_t)c * cstride;
                    const float *wc = wpk + (size_t)c * 9 * B;
                    for (int t = 0; t < 9; t++) {
                        __m256 v = _mm256_loadu_ps(p + (t / 3) * wp + (t % 3));
                        for (int j = 0; j < B; j++) acc[j] = _mm256_fmadd_ps(_mm256_set1_ps(wc[t * B + j]), v, acc[j]);
                    }
                }
                for (int j = 0; j < nout; j++) {
                    size_t offset = (size_t)(block * B + j) * ostride + orow + x;
                    __m256 value = acc[j];
                    if (a->residual) value = _mm256_add_ps(value, _mm256_maskload_ps(a->residual + offset, mask));
                    _mm256_maskstore_ps(a->output + offset, mask, value);
                }
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Portable scalar path (same summation order per output as the vector paths: channel, then tap).
static void run_scalar(const conv_args *a, int row_begin, int row_end) {
    int wp = a->width + 2;
    size_t plane = (size_t)(a->height + 2) * wp;
    size_t cstride = (size_t)a->batch * plane;
    size_t ostride = (size_t)a->batch * a->height * a->width;
    for (int r = row_begin; r < row_end; r++) {
        int n = r / a->height, y = r % a->height;
        const float *row = a->padded + (size_t)n * plane + (size_t)y * wp;
        size_t orow = (size_t)r * a->width;
        for (int o = 0; o < a->out_channels; o++) {
            const float *wpk = a->packed + (size_t)(o / B) * a->channels * 9 * B + (o % B);
            for (int x = 0; x < a->width; x++) {
                float sum = a->bias ? a->bias[(size_t)n * a->bias_stride + o] : 0.0f;
                for (int c = 0; c < a->channels; c++) {
                    const float *p = row + x + (size_t)c * cstride;
                    for (int t = 0; t < 9; t++) sum += wpk[((size_t)c * 9 + t) * B] * p[(t / 3) * wp + (t % 3)];
                }
                size_t offset = (size_t)o * ostride + orow + x;
                if (a->residual) sum += a->residual[offset];
                a->output[offset] = sum;
            }
        }
    }
}

const char *warden_conv3x3_isa(void) { return unet_isa_name(unet_best_isa()); }

const char *warden_conv3x3_run_isa(const char *isa, const float *padded, int channels, int batch,
                                   int height, int width, const float *packed, int out_channels,
                                   const float *bias, int bias_stride, const float *residual, float *output,
                                   int row_begin, int row_end) {
    conv_args a = {padded, channels, batch, height, width, packed, out_channels, bias, bias_stride, residual, output};
    int rows = batch * height;
    if (row_begin < 0) row_begin = 0;
    if (row_end > rows) row_end = rows;
    int used = unet_chosen_isa(isa);
    if (row_begin < row_end && width > 0 && out_channels > 0) {
        if (used == UNET_ISA_AVX512) run_512(&a, row_begin, row_end);
        else if (used == UNET_ISA_AVX2) run_avx2(&a, row_begin, row_end);
        else run_scalar(&a, row_begin, row_end);
    }
    return unet_isa_name(used);
}

void warden_conv3x3_run(const float *padded, int channels, int batch, int height, int width,
                        const float *packed, int out_channels, const float *bias, int bias_stride,
                        const float *residual, float *output, int row_begin, int row_end) {
    warden_conv3x3_run_isa(warden_conv3x3_isa(), padded, channels, batch, height, width, packed,
                           out_channels, bias, bias_stride, residual, output, row_begin, row_end);
}
