// Small-row matrix product on half-precision weights, for the few rows of one prompt.
//
// OpenBLAS repacks the weight matrix on every sgemm call and streams it as float32; for a
// 16-token prompt that traffic, not arithmetic, is most of the text encoder's time. Here the
// weights are packed once, at load time, into 16-column panels of IEEE halves (half the bytes),
// and each panel is converted in registers and reused for every row of A while it sits in L1.
// Runtime dispatch picks AVX-512F+F16C, AVX2+FMA+F16C or a portable scalar path.
#include "halfgemm.h"
#include "half_convert.h"
#include "half_isa.h"
#include <immintrin.h>
#include <string.h>

#define P WARDEN_HALFGEMM_PANEL

size_t warden_halfgemm_packed_count(int k, int n) {
    return (size_t)((n + P - 1) / P) * (size_t)k * P;
}

static uint16_t float_to_half(float value) {
    uint32_t x;
    memcpy(&x, &value, 4);
    uint32_t sign = (x >> 16) & 0x8000u;
    uint32_t exponent = (x >> 23) & 0xffu;
    uint32_t mantissa = x & 0x7fffffu;
    if (exponent == 0xffu) return (uint16_t)(sign | 0x7c00u | (mantissa ? 0x200u : 0));
    int e = (int)exponent - 127 + 15;
    if (e >= 31) return (uint16_t)(sign | 0x7c00u);
    if (e <= 0) {
        if (e < -10) return (uint16_t)sign;
        mantissa |= 0x800000u;
        int shift = 14 - e;
        uint32_t half = mantissa >> shift;
        uint32_t rest = mantissa & ((1u << shift) - 1);
        uint32_t midpoint = 1u << (shift - 1);
        if (rest > midpoint || (rest == midpoint && (half & 1u))) half++;
        return (uint16_t)(sign | half);
    }
    uint32_t half = ((uint32_t)e << 10) | (mantissa >> 13);
    uint32_t rest = mantissa & 0x1fffu;
    if (rest > 0x1000u || (rest == 0x1000u && (half & 1u))) half++;  // may carry into the exponent: correct
    return (uint16_t)(sign | half);
}

void warden_halfgemm_pack(const float *w, int k, int n, uint16_t *packed) {
    int panels = (n + P - 1) / P;
    for (int p = 0; p < panels; p++) {
        uint16_t *panel = packed + (size_t)p * k * P;
        for (int r = 0; r < k; r++) {
            for (int j = 0; j < P; j++) {
                int column = p * P + j;
                panel[(size_t)r * P + j] = column < n ? float_to_half(w[(size_t)r * n + column]) : 0;
            }
        }
    }
}

// Adds bias and residual to one 16-wide accumulator row and stores the first `width` lanes.
#define EPILOGUE_512(acc, row, column, width)                                                  \
    do {                                                                                       \
        __mmask16 mask = (width) >= P ? (__mmask16)0xffff : (__mmask16)((1u << (width)) - 1u); \
        __m512 v = (acc);                                                                      \
        if (bias) v = _mm512_add_ps(v, _mm512_maskz_loadu_ps(mask, bias + (column)));          \
        if (residual)                                                                          \
            v = _mm512_add_ps(v, _mm512_maskz_loadu_ps(mask, residual + (size_t)(row) * ldc + (column))); \
        _mm512_mask_storeu_ps(c + (size_t)(row) * ldc + (column), mask, v);                    \
    } while (0)

// R rows of A times two panels (32 columns): 2R accumulators, two half loads per k.
__attribute__((target("avx512f,f16c,fma"), always_inline)) static inline void
block2_512(const int R, const float *a, int lda, int k, const uint16_t *p0, const uint16_t *p1,
           const float *bias, const float *residual, float *c, int ldc, int row, int column, int n) {
    __m512 acc0[12], acc1[12];
    for (int r = 0; r < R; r++) { acc0[r] = _mm512_setzero_ps(); acc1[r] = _mm512_setzero_ps(); }
    for (int i = 0; i < k; i++) {
        __m512 w0 = _mm512_cvtph_ps(_mm256_loadu_si256((const __m256i *)(p0 + (size_t)i * P)));
        __m512 w1 = _mm512_cvtph_ps(_mm256_loadu_si256((const __m256i *)(p1 + (size_t)i * P)));
        for (int r = 0; r < R; r++) {
            __m512 x = _mm512_set1_ps(a[(size_t)(row + r) * lda + i]);
            acc0[r] = _mm512_fmadd_ps(x, w0, acc0[r]);
            acc1[r] = _mm512_fmadd_ps(x, w1, acc1[r]);
        }
    }
    int w0 = n - column < P ? n - column : P;
    int w1 = n - column - P < P ? n - column - P : P;
    for (int r = 0; r < R; r++) {
        EPILOGUE_512(acc0[r], row + r, column, w0);
        if (w1 > 0) EPILOGUE_512(acc1[r], row + r, column + P, w1);
    }
}

// R rows of A times one panel (16 columns).
__attribute__((target("avx512f,f16c,fma"), always_inline)) static inline void
block1_512(const int R, const float *a, int lda, int k, const uint16_t *p0,
           const float *bias, const float *residual, float *c, int ldc, int row, int column, int n) {
    __m512 acc[16];
    for (int r = 0; r < R; r++) acc[r] = _mm512_setzero_ps();
    for (int i = 0; i < k; i++) {
        __m512 w = _mm512_cvtph_ps(_mm256_loadu_si256((const __m256i *)(p0 + (size_t)i * P)));
        for (int r = 0; r < R; r++) acc[r] = _mm512_fmadd_ps(_mm512_set1_ps(a[(size_t)(row + r) * lda + i]), w, acc[r]);
    }
    int width = n - column < P ? n - column : P;
    for (int r = 0; r < R; r++) EPILOGUE_512(acc[r], row + r, column, width);
}

__attribute__((target("avx512f,f16c,fma"))) static void
run_512(const float *a, int lda, int m, int k, const uint16_t *packed, int n, const float *bias,
        const float *residual, float *c, int ldc, int panel_begin, int panel_end) {
    int p = panel_begin;
    for (; p + 1 < panel_end; p += 2) {
        const uint16_t *p0 = packed + (size_t)p * k * P, *p1 = p0 + (size_t)k * P;
        int row = 0;
        // 12 rows while at least 24 remain (24 accumulators), then the rest in two halves of <= 12.
        for (; m - row >= 24; row += 12) block2_512(12, a, lda, k, p0, p1, bias, residual, c, ldc, row, p * P, n);
        while (row < m) {
            int left = m - row, rows = left > 12 ? (left + 1) / 2 : left;
            switch (rows) {
            case 12: block2_512(12, a, lda, k, p0, p1, bias, residual, c, ldc, row, p * P, n); break;
            case 11: block2_512(11, a, lda, k, p0, p1, bias, residual, c, ldc, row, p * P, n); break;
            case 10: block2_512(10, a, lda, k, p0, p1, bias, residual, c, ldc, row, p * P, n); break;
            case 9: block2_512(9, a, lda, k, p0, p1, bias, residual, c, ldc, row, p * P, n); break;
            case 8: block2_512(8, a, lda, k, p0, p1, bias, residual, c, ldc, row, p * P, n); break;
            case 7: block2_512(7, a, lda, k, p0, p1, bias, residual, c, ldc, row, p * P, n); break;
            case 6: block2_512(6, a, lda, k, p0, p1, bias, residual, c, ldc, row, p * P, n); break;
            case 5: block2_512(5, a, lda, k, p0, p1, bias, residual, c, ldc, row, p * P, n); break;
            case 4: block2_512(4, a, lda, k, p0, p1, bias, residual, c, ldc, row, p * P, n); break;
            case 3: block2_512(3, a, lda, k, p0, p1, bias, residual, c, ldc, row, p * P, n); break;
            case 2: block2_512(2, a, lda, k, p0, p1, bias, residual, c, ldc, row, p * P, n); break;
            default: block2_512(1, a, lda, k, p0, p1, bias, residual, c, ldc, row, p * P, n); break;
            }
            row += rows;
        }
    }
    if (p < panel_end) {
        const uint16_t *p0 = packed + (size_t)p * k * P;
        int row = 0;
        for (; row + 16 <= m; row += 16) block1_512(16, a, lda, k, p0, bias, residual, c, ldc, row, p * P, n);
        for (; row < m; row++) block1_512(1, a, lda, k, p0, bias, residual, c, ldc, row, p * P, n);
    }
}

// AVX2: one panel as two 8-lane halves, 4 rows at a time (8 accumulators).
__attribute__((target("avx2,fma,f16c"))) static void
run_avx2(const float *a, int lda, int m, int k, const uint16_t *packed, int n, const float *bias,
         const float *residual, float *c, int ldc, int panel_begin, int panel_end) {
    for (int p = panel_begin; p < panel_end; p++) {
        const uint16_t *panel = packed + (size_t)p * k * P;
        int column = p * P, width = n - column < P ? n - column : P;
        for (int row = 0; row < m; row += 4) {
            int rows = m - row < 4 ? m - row : 4;
            __m256 lo[4], hi[4];
            for (int r = 0; r < 4; r++) { lo[r] = _mm256_setzero_ps(); hi[r] = _mm256_setzero_ps(); }
            for (int i = 0; i < k; i++) {
                __m256 w0 = _mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)(panel + (size_t)i * P)));
                __m256 w1 = _mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)(panel + (size_t)i * P + 8)));
                for (int r = 0; r < rows; r++) {
                    __m256 x = _mm256_set1_ps(a[(size_t)(row + r) * lda + i]);
                    lo[r] = _mm256_fmadd_ps(x, w0, lo[r]);
                    hi[r] = _mm256_fmadd_ps(x, w1, hi[r]);
                }
            }
            for (int r = 0; r < rows; r++) {
                float out[P];
                _mm256_storeu_ps(out, lo[r]);
                _mm256_storeu_ps(out + 8, hi[r]);
                float *dst = c + (size_t)(row + r) * ldc + column;
                const float *res = residual ? residual + (size_t)(row + r) * ldc + column : NULL;
                for (int j = 0; j < width; j++) {
                    float v = out[j];
                    if (bias) v += bias[column + j];
                    if (res) v += res[j];
                    dst[j] = v;
                }
            }
        }
    }
}

static void run_scalar(const float *a, int lda, int m, int k, const uint16_t *packed, int n, const float *bias,
                       const float *residual, float *c, int ldc, int panel_begin, int panel_end) {
    for (int p = panel_begin; p < panel_end; p++) {
        const uint16_t *panel = packed + (size_t)p * k * P;
        int column = p * P, width = n - column < P ? n - column : P;
        for (int row = 0; row < m; row++) {
            float acc[P] = {0};
            for (int i = 0; i < k; i++) {
                float x = a[(size_t)row * lda + i];
                for (int j = 0; j < width; j++) acc[j] += x * warden_half_to_float(panel[(size_t)i * P + j]);
            }
            for (int j = 0; j < width; j++) {
                float v = acc[j];
                if (bias) v += bias[column + j];
                if (residual) v += residual[(size_t)row * ldc + column + j];
                c[(size_t)row * ldc + column + j] = v;
            }
        }
    }
}

void warden_halfgemm_run(const float *a, int lda, int m, int k, const uint16_t *packed, int n,
                         const float *bias, const float *residual, float *c, int ldc,
                         int panel_begin, int panel_end) {
    if (m <= 0 || n <= 0 || panel_begin >= panel_end) return;
    if (warden_half_has_avx512()) run_512(a, lda, m, k, packed, n, bias, residual, c, ldc, panel_begin, panel_end);
    else if (warden_half_has_avx2()) run_avx2(a, lda, m, k, packed, n, bias, residual, c, ldc, panel_begin, panel_end);
    else run_scalar(a, lda, m, k, packed, n, bias, residual, c, ldc, panel_begin, panel_end);
}

const char *warden_halfgemm_isa(void) {
    return warden_half_isa_name();
}
