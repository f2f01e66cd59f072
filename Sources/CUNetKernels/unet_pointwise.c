// Group norm (+ SiLU) and softmax for the diffusion UNets, vectorised with a polynomial exp.
//
// Swift's SIMD16<Float> code for these loops compiles to baseline x86-64 and was a third of a
// generation's time; here the same arithmetic (Cephes expf range reduction and polynomial,
// as in Tensor.fastExp) runs on AVX-512F or AVX2+FMA registers, with a scalar fallback.
#include "unetpointwise.h"
#include "unet_exp.h"
#include "unet_isa.h"
#include <immintrin.h>
#include <math.h>
#include <string.h>

// ---------------------------------------------------------------------------------------------
// Scalar reference arithmetic.
static inline float exp_scalar(float input) {
    float x = input < -87.0f ? -87.0f : (input > 88.0f ? 88.0f : input);
    float shifted = x * 1.44269504f + 12582912.0f;
    float n = shifted - 12582912.0f;
    float r = (x - n * 0.693359375f) + n * 2.1219444e-4f;
    float p = 1.9875691500e-4f;
    p = p * r + 1.3981999507e-3f;
    p = p * r + 8.3334519073e-3f;
    p = p * r + 4.1665795894e-2f;
    p = p * r + 1.6666665459e-1f;
    p = p * r + 5.0000001201e-1f;
    float polynomial = p * r * r + r + 1.0f;
    unsigned bits;
    memcpy(&bits, &shifted, 4);
    unsigned exponent = (bits - 0x4B400000u + 127u) << 23;
    float scale;
    memcpy(&scale, &exponent, 4);
    return polynomial * scale;
}

// ---------------------------------------------------------------------------------------------
// AVX-512F.
// The statistics passes keep four independent accumulators: one add/FMA chain per vector would
// wait on its own latency (3-4 cycles) every iteration instead of streaming the plane.
__attribute__((target("avx512f,fma"))) static float sum512(const float *x, int count) {
    __m512 a0 = _mm512_setzero_ps(), a1 = _mm512_setzero_ps(), a2 = _mm512_setzero_ps(), a3 = _mm512_setzero_ps();
    int i = 0;
    for (; i + 64 <= count; i += 64) {
        a0 = _mm512_add_ps(a0, _mm512_loadu_ps(x + i));
        a1 = _mm512_add_ps(a1, _mm512_loadu_ps(x + i + 16));
        a2 = _mm512_add_ps(a2, _mm512_loadu_ps(x + i + 32));
        a3 = _mm512_add_ps(a3, _mm512_loadu_ps(x + i + 48));
    }
    for (; i + 16 <= count; i += 16) a0 = _mm512_add_ps(a0, _mm512_loadu_ps(x + i));
    if (i < count) a0 = _mm512_add_ps(a0, _mm512_maskz_loadu_ps((__mmask16)((1u << (count - i)) - 1u), x + i));
    return _mm512_reduce_add_ps(_mm512_add_ps(_mm512_add_ps(a0, a1), _mm512_add_ps(a2, a3)));
}

__attribute__((target("avx512f,fma"))) static float deviation512(const float *x, int count, float mean) {
    __m512 a0 = _mm512_setzero_ps(), a1 = _mm512_setzero_ps(), a2 = _mm512_setzero_ps(), a3 = _mm512_setzero_ps();
    __m512 m = _mm512_set1_ps(mean);
    int i = 0;
    for (; i + 64 <= count; i += 64) {
        __m512 d0 = _mm512_sub_ps(_mm512_loadu_ps(x + i), m), d1 = _mm512_sub_ps(_mm512_loadu_ps(x + i + 16), m);
        __m512 d2 = _mm512_sub_ps(_mm512_loadu_ps(x + i + 32), m), d3 = _mm512_sub_ps(_mm512_loadu_ps(x + i + 48), m);
        a0 = _mm512_fmadd_ps(d0, d0, a0);
        a1 = _mm512_fmadd_ps(d1, d1, a1);
        a2 = _mm512_fmadd_ps(d2, d2, a2);
        a3 = _mm512_fmadd_ps(d3, d3, a3);
    }
    for (; i + 16 <= count; i += 16) {
        __m512 d = _mm512_sub_ps(_mm512_loadu_ps(x + i), m);
        a0 = _mm512_fmadd_ps(d, d, a0);
    }
    if (i < count) {
        __mmask16 k = (__mmask16)((1u << (count - i)) - 1u);
        __m512 d = _mm512_maskz_sub_ps(k, _mm512_maskz_loadu_ps(k, x + i), m);
        a0 = _mm512_fmadd_ps(d, d, a0);
    }
    return _mm512_reduce_add_ps(_mm512_add_ps(_mm512_add_ps(a0, a1), _mm512_add_ps(a2, a3)));
}

// y = x · a + b, then SiLU (v / (1 + e^-v)) when silu.
__attribute__((target("avx512f,fma"))) static void affine512(const float *x, float *y, int count, float a, float b, int silu) {
    __m512 va = _mm512_set1_ps(a), vb = _mm512_set1_ps(b), one = _mm512_set1_ps(1.0f);
    for (int i = 0; i < count; i += 16) {
        __mmask16 k = count - i >= 16 ? (__mmask16)0xffff : (__mmask16)((1u << (count - i)) - 1u);
        __m512 v = _mm512_fmadd_ps(_mm512_maskz_loadu_ps(k, x + i), va, vb);
        if (silu) {
            // v / d with d = 1 + e^-v in [1, 1 + e^87]: a 14-bit reciprocal estimate and one
            // Newton step (about 1 ulp; a division costs several times more).
            __m512 d = _mm512_add_ps(one, exp512(_mm512_sub_ps(_mm512_setzero_ps(), v)));
            __m512 r = _mm512_rcp14_ps(d);
            r = _mm512_mul_ps(r, _mm512_fnmadd_ps(d, r, _mm512_set1_ps(2.0f)));
            v = _mm512_mul_ps(v, r);
        }
        _mm512_mask_storeu_ps(y + i, k, v);
    }
}

__attribute__((target("avx512f,fma"))) static void softmax512(float *x, int rows, int width) {
    for (int r = 0; r < rows; r++) {
        float *row = x + (size_t)r * width;
        __m512 maxima = _mm512_set1_ps(-3.402823466e38f);
        for (int i = 0; i < width; i += 16) {
            __mmask16 k = width - i >= 16 ? (__mmask16)0xffff : (__mmask16)((1u << (width - i)) - 1u);
            maxima = _mm512_mask_max_ps(maxima, k, maxima, _mm512_maskz_loadu_ps(k, row + i));
        }
        __m512 shift = _mm512_set1_ps(_mm512_reduce_max_ps(maxima));
        __m512 sums = _mm512_setzero_ps();
        for (int i = 0; i < width; i += 16) {
            __mmask16 k = width - i >= 16 ? (__mmask16)0xffff : (__mmask16)((1u << (width - i)) - 1u);
            __m512 e = _mm512_maskz_mov_ps(k, exp512(_mm512_sub_ps(_mm512_maskz_loadu_ps(k, row + i), shift)));
            _mm512_mask_storeu_ps(row + i, k, e);
            sums = _mm512_add_ps(sums, e);
        }
        __m512 inverse = _mm512_set1_ps(1.0f / _mm512_reduce_add_ps(sums));
        for (int i = 0; i < width; i += 16) {
            __mmask16 k = width - i >= 16 ? (__mmask16)0xffff : (__mmask16)((1u << (width - i)) - 1u);
            _mm512_mask_storeu_ps(row + i, k, _mm512_mul_ps(_mm512_maskz_loadu_ps(k, row + i), inverse));
        }
    }
}

// ---------------------------------------------------------------------------------------------
// AVX2+FMA.
__attribute__((target("avx2,fma"), always_inline)) static inline __m256 exp256(__m256 input) {
    __m256 x = _mm256_min_ps(_mm256_max_ps(input, _mm256_set1_ps(-87.0f)), _mm256_set1_ps(88.0f));
    __m256 shifted = _mm256_add_ps(_mm256_mul_ps(x, _mm256_set1_ps(1.44269504f)), _mm256_set1_ps(12582912.0f));
    __m256 n = _mm256_sub_ps(shifted, _mm256_set1_ps(12582912.0f));
    __m256 r = _mm256_add_ps(_mm256_sub_ps(x, _mm256_mul_ps(n, _mm256_set1_ps(0.693359375f))),
                             _mm256_mul_ps(n, _mm256_set1_ps(2.1219444e-4f)));
    __m256 p = _mm256_set1_ps(1.9875691500e-4f);
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.3981999507e-3f));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(8.3334519073e-3f));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(4.1665795894e-2f));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.6666665459e-1f));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(5.0000001201e-1f));
    __m256 polynomial = _mm256_add_ps(_mm256_fmadd_ps(_mm256_mul_ps(p, r), r, r), _mm256_set1_ps(1.0f));
    __m256i exponent = _mm256_slli_epi32(
        _mm256_add_epi32(_mm256_castps_si256(shifted), _mm256_set1_epi32(127 - 0x4B400000)), 23);
    return _mm256_mul_ps(polynomial, _mm256_castsi256_ps(exponent));
}

__attribute__((target("avx2,fma"))) static float hsum256(__m256 v) {
    __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    s = _mm_add_ps(s, _mm_movehl_ps(s, s));
    s = _mm_add_ss(s, _mm_movehdup_ps(s));
    return _mm_cvtss_f32(s);
}

__attribute__((target("avx2,fma"))) static float sum256(const float *x, int count) {
    __m256 a0 = _mm256_setzero_ps(), a1 = _mm256_setzero_ps(), a2 = _mm256_setzero_ps(), a3 = _mm256_setzero_ps();
    int i = 0;
    for (; i + 32 <= count; i += 32) {
        a0 = _mm256_add_ps(a0, _mm256_loadu_ps(x + i));
        a1 = _mm256_add_ps(a1, _mm256_loadu_ps(x + i + 8));
        a2 = _mm256_add_ps(a2, _mm256_loadu_ps(x + i + 16));
        a3 = _mm256_add_ps(a3, _mm256_loadu_ps(x + i + 24));
    }
    for (; i + 8 <= count; i += 8) a0 = _mm256_add_ps(a0, _mm256_loadu_ps(x + i));
    float total = hsum256(_mm256_add_ps(_mm256_add_ps(a0, a1), _mm256_add_ps(a2, a3)));
    for (; i < count; i++) total += x[i];
    return total;
}

__attribute__((target("avx2,fma"))) static float deviation256(const float *x, int count, float mean) {
    __m256 a0 = _mm256_setzero_ps(), a1 = _mm256_setzero_ps(), a2 = _mm256_setzero_ps(), a3 = _mm256_setzero_ps();
    __m256 m = _mm256_set1_ps(mean);
    int i = 0;
    for (; i + 32 <= count; i += 32) {
        __m256 d0 = _mm256_sub_ps(_mm256_loadu_ps(x + i), m), d1 = _mm256_sub_ps(_mm256_loadu_ps(x + i + 8), m);
        __m256 d2 = _mm256_sub_ps(_mm256_loadu_ps(x + i + 16), m), d3 = _mm256_sub_ps(_mm256_loadu_ps(x + i + 24), m);
        a0 = _mm256_fmadd_ps(d0, d0, a0);
        a1 = _mm256_fmadd_ps(d1, d1, a1);
        a2 = _mm256_fmadd_ps(d2, d2, a2);
        a3 = _mm256_fmadd_ps(d3, d3, a3);
    }
    for (; i + 8 <= count; i += 8) {
        __m256 d = _mm256_sub_ps(_mm256_loadu_ps(x + i), m);
        a0 = _mm256_fmadd_ps(d, d, a0);
    }
    float total = hsum256(_mm256_add_ps(_mm256_add_ps(a0, a1), _mm256_add_ps(a2, a3)));
    for (; i < count; i++) total += (x[i] - mean) * (x[i] - mean);
    return total;
}

__attribute__((target("avx2,fma"))) static void affine256(const float *x, float *y, int count, float a, float b, int silu) {
    __m256 va = _mm256_set1_ps(a), vb = _mm256_set1_ps(b), one = _mm256_set1_ps(1.0f);
    int i = 0;
    for (; i + 8 <= count; i += 8) {
        __m256 v = _mm256_fmadd_ps(_mm256_loadu_ps(x + i), va, vb);
        if (silu) v = _mm256_div_ps(v, _mm256_add_ps(one, exp256(_mm256_sub_ps(_mm256_setzero_ps(), v))));
        _mm256_storeu_ps(y + i, v);
    }
    for (; i < count; i++) {
        float v = x[i] * a + b;
        y[i] = silu ? v / (1.0f + exp_scalar(-v)) : v;
    }
}

__attribute__((target("avx2,fma"))) static void softmax256(float *x, int rows, int width) {
    for (int r = 0; r < rows; r++) {
        float *row = x + (size_t)r * width;
        float maximum = -3.402823466e38f;
        for (int i = 0; i < width; i++) maximum = row[i] > maximum ? row[i] : maximum;
        __m256 shift = _mm256_set1_ps(maximum), sums = _mm256_setzero_ps();
        int i = 0;
        for (; i + 8 <= width; i += 8) {
            __m256 e = exp256(_mm256_sub_ps(_mm256_loadu_ps(row + i), shift));
            _mm256_storeu_ps(row + i, e);
            sums = _mm256_add_ps(sums, e);
        }
        float sum = hsum256(sums);
        for (; i < width; i++) { row[i] = exp_scalar(row[i] - maximum); sum += row[i]; }
        float inverse = 1.0f / sum;
        for (i = 0; i < width; i++) row[i] *= inverse;
    }
}

// ---------------------------------------------------------------------------------------------
// Scalar.
static float sum_scalar(const float *x, int count) {
    float total = 0;
    for (int i = 0; i < count; i++) total += x[i];
    return total;
}

static float deviation_scalar(const float *x, int count, float mean) {
    float total = 0;
    for (int i = 0; i < count; i++) total += (x[i] - mean) * (x[i] - mean);
    return total;
}

static void affine_scalar(const float *x, float *y, int count, float a, float b, int silu) {
    for (int i = 0; i < count; i++) {
        float v = x[i] * a + b;
        y[i] = silu ? v / (1.0f + exp_scalar(-v)) : v;
    }
}

static void softmax_scalar(float *x, int rows, int width) {
    for (int r = 0; r < rows; r++) {
        float *row = x + (size_t)r * width;
        float maximum = -3.402823466e38f, sum = 0;
        for (int i = 0; i < width; i++) maximum = row[i] > maximum ? row[i] : maximum;
        for (int i = 0; i < width; i++) { row[i] = exp_scalar(row[i] - maximum); sum += row[i]; }
        float inverse = 1.0f / sum;
        for (int i = 0; i < width; i++) row[i] *= inverse;
    }
}

// ---------------------------------------------------------------------------------------------
// Dispatch.
static void group_norm(int isa, const float *x, int channels, int batch, int height, int width, int groups,
                       const float *weight, const float *bias, float epsilon, int silu, int padded_output,
                       float *output, int task_begin, int task_end) {
    int pixels = height * width;
    int per_group = channels / groups;
    double group_size = (double)per_group * pixels;
    int wp = width + 2;
    size_t padded_plane = (size_t)(height + 2) * wp;
    for (int task = task_begin; task < task_end; task++) {
        int n = task / groups, g = task % groups;
        double sum = 0;
        for (int c = g * per_group; c < (g + 1) * per_group; c++) {
            const float *plane = x + ((size_t)c * batch + n) * pixels;
            sum += isa == UNET_ISA_AVX512 ? sum512(plane, pixels) : isa == UNET_ISA_AVX2 ? sum256(plane, pixels) : sum_scalar(plane, pixels);
        }
        float mean = (float)(sum / group_size);
        double squares = 0;
        for (int c = g * per_group; c < (g + 1) * per_group; c++) {
            const float *plane = x + ((size_t)c * batch + n) * pixels;
            squares += isa == UNET_ISA_AVX512 ? deviation512(plane, pixels, mean)
                     : isa == UNET_ISA_AVX2 ? deviation256(plane, pixels, mean) : deviation_scalar(plane, pixels, mean);
        }
        float scale = 1.0f / sqrtf((float)(squares / group_size) + epsilon);
        for (int c = g * per_group; c < (g + 1) * per_group; c++) {
            size_t plane_index = (size_t)c * batch + n;
            const float *src = x + plane_index * pixels;
            float a = scale * weight[c], b = bias[c] - mean * a;
            if (!padded_output) {
                float *dst = output + plane_index * pixels;
                if (isa == UNET_ISA_AVX512) affine512(src, dst, pixels, a, b, silu);
                else if (isa == UNET_ISA_AVX2) affine256(src, dst, pixels, a, b, silu);
                else affine_scalar(src, dst, pixels, a, b, silu);
                continue;
            }
            float *dst = output + plane_index * padded_plane;
            memset(dst, 0, sizeof(float) * wp);
            for (int y = 0; y < height; y++) {
                float *row = dst + (size_t)(y + 1) * wp;
                row[0] = 0;
                if (isa == UNET_ISA_AVX512) affine512(src + (size_t)y * width, row + 1, width, a, b, silu);
                else if (isa == UNET_ISA_AVX2) affine256(src + (size_t)y * width, row + 1, width, a, b, silu);
                else affine_scalar(src + (size_t)y * width, row + 1, width, a, b, silu);
                row[width + 1] = 0;
            }
            memset(dst + (size_t)(height + 1) * wp, 0, sizeof(float) * wp);
        }
    }
}

void warden_unet_group_norm_isa(const char *isa, const float *x, int channels, int batch, int height,
                                int width, int groups, const float *weight, const float *bias,
                                float epsilon, int silu, int padded_output, float *output,
                                int task_begin, int task_end) {
    group_norm(unet_chosen_isa(isa), x, channels, batch, height, width, groups, weight, bias, epsilon, silu,
               padded_output, output, task_begin, task_end);
}

void warden_unet_group_norm(const float *x, int channels, int batch, int height, int width, int groups,
                            const float *weight, const float *bias, float epsilon, int silu,
                            int padded_output, float *output, int task_begin, int task_end) {
    group_norm(unet_best_isa(), x, channels, batch, height, width, groups, weight, bias, epsilon, silu,
               padded_output, output, task_begin, task_end);
}

void warden_unet_softmax_isa(const char *isa, float *x, int rows, int width) {
    if (rows <= 0 || width <= 0) return;
    int chosen = unet_chosen_isa(isa);
    if (chosen == UNET_ISA_AVX512) softmax512(x, rows, width);
    else if (chosen == UNET_ISA_AVX2) softmax256(x, rows, width);
    else softmax_scalar(x, rows, width);
}

void warden_unet_softmax(float *x, int rows, int width) {
    if (rows <= 0 || width <= 0) return;
    int best = unet_best_isa();
    if (best == UNET_ISA_AVX512) softmax512(x, rows, width);
    else if (best == UNET_ISA_AVX2) softmax256(x, rows, width);
    else softmax_scalar(x, rows, width);
}
