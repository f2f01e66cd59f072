// Fused scaled dot-product attention for the diffusion UNets' attention blocks.
//
// The upsampler attends over 1,024 pixels (32x32) with 32-dim heads: as three BLAS calls per
// head (scores, softmax, values) the 1024x1024 score matrix went through memory twice and
// OpenBLAS packed thin operands. Here 8 queries at a time: their scores against all keys are
// computed in registers (8 queries x 48 keys, over the head dimension), exponentiated in the
// scratch (the softmax's 1/sum is applied to the output), then multiplied with the values
// (8 queries x 32 dims in registers, over the keys) and stored transposed into the
// channel-major output. AVX-512F, with a scalar path for other CPUs.
#include "unetattention.h"
#include "unet_exp.h"
#include "unet_isa.h"
#include <immintrin.h>
#include <string.h>

#define TB 8                                 // queries per block
#define MAXD WARDEN_ATTENTION_MAX_DEPTH

static int padded_keys(int keys) { return (keys + 15) & ~15; }

size_t warden_attention_scratch_count(int keys) {
    // scores [TB][padded keys], the queries' block [MAXD][TB], the output block [TB][MAXD], sums [TB]
    return (size_t)TB * padded_keys(keys) + (size_t)MAXD * TB + (size_t)TB * MAXD + TB + 16;
}

void warden_transpose(const float *src, size_t src_stride, int rows, int cols, float *dst, size_t dst_stride) {
    for (int r0 = 0; r0 < rows; r0 += 16)
        for (int c0 = 0; c0 < cols; c0 += 16)
            for (int r = r0; r < rows && r < r0 + 16; r++)
                for (int c = c0; c < cols && c < c0 + 16; c++)
                    dst[(size_t)c * dst_stride + r] = src[(size_t)r * src_stride + c];
}

// Scores of the block's 8 queries (qb [depth][TB]) against XB vectors of 16 keys from `k`.
#define DEFINE_QK_512(XB)                                                                          \
__attribute__((target("avx512f,fma"), noinline)) static void qk512_##XB(                          \
    const float *qb, const float *k, size_t k_stride, int depth, float scale, float *scores,     \
    int sp, __mmask16 last) {                                                                      \
    __m512 acc[TB][XB];                                                                            \
    _Pragma("clang loop unroll(full)")                                                             \
    for (int j = 0; j < TB; j++) {                                                                 \
        _Pragma("clang loop unroll(full)")                                                         \
        for (int v = 0; v < XB; v++) acc[j][v] = _mm512_setzero_ps();                              \
    }                                                                                              \
    for (int e = 0; e < depth; e++) {                                                              \
        const float *row = k + (size_t)e * k_stride;                                               \
        __m512 kv[XB];                                                                             \
        _Pragma("clang loop unroll(full)")                                                         \
        for (int v = 0; v < XB; v++)                                                               \
            kv[v] = v == XB - 1 ? _mm512_maskz_loadu_ps(last, row + 16 * v) : _mm512_loadu_ps(row + 16 * v); \
        _Pragma("clang loop unroll(full)")                                                         \
        for (int j = 0; j < TB; j++) {                                                             \
            __m512 qv = _mm512_set1_ps(qb[e * TB + j]);                                            \
            _Pragma("clang loop unroll(full)")                                                     \
            for (int v = 0; v < XB; v++) acc[j][v] = _mm512_fmadd_ps(qv, kv[v], acc[j][v]);       \
        }                                                                                          \
    }                                                                                              \
    __m512 s = _mm512_set1_ps(scale);                                                              \
    _Pragma("clang loop unroll(full)")                                                             \
    for (int j = 0; j < TB; j++) {                                                                 \
        _Pragma("clang loop unroll(full)")                                                         \
        for (int v = 0; v < XB; v++) _mm512_storeu_ps(scores + (size_t)j * sp + 16 * v, _mm512_mul_ps(acc[j][v], s)); \
    }                                                                                              \
}

DEFINE_QK_512(1)
DEFINE_QK_512(3)

// out block [TB][MAXD] (dims d0 .. d0 + 32) = P [TB][keys] · vt[keys][d0 ..].
__attribute__((target("avx512f,fma"), noinline)) static void pv512(const float *scores, int sp, int keys,
                                                                   const float *vt, size_t vt_stride,
                                                                   __mmask16 m0, __mmask16 m1, float *block) {
    __m512 acc[TB][2];
    _Pragma("clang loop unroll(full)")
    for (int j = 0; j < TB; j++) { acc[j][0] = _mm512_setzero_ps(); acc[j][1] = _mm512_setzero_ps(); }
    for (int s = 0; s < keys; s++) {
        const float *row = vt + (size_t)s * vt_stride;
        __m512 v0 = _mm512_maskz_loadu_ps(m0, row), v1 = _mm512_maskz_loadu_ps(m1, row + 16);
        _Pragma("clang loop unroll(full)")
        for (int j = 0; j < TB; j++) {
            __m512 p = _mm512_set1_ps(scores[(size_t)j * sp + s]);
            acc[j][0] = _mm512_fmadd_ps(p, v0, acc[j][0]);
            acc[j][1] = _mm512_fmadd_ps(p, v1, acc[j][1]);
        }
    }
    _Pragma("clang loop unroll(full)")
    for (int j = 0; j < TB; j++) {
        _mm512_storeu_ps(block + j * MAXD, acc[j][0]);
        _mm512_storeu_ps(block + j * MAXD + 16, acc[j][1]);
    }
}

static __mmask16 lanes(int count) {
    return count >= 16 ? (__mmask16)0xffff : count <= 0 ? (__mmask16)0 : (__mmask16)((1u << count) - 1u);
}

__attribute__((target("avx512f,fma"))) static void attention512(
    const float *q, size_t q_stride, const float *k, size_t k_stride, const float *vt, size_t vt_stride,
    int depth, int keys, float scale, float *out, size_t out_stride, float *scratch, int t_begin, int t_end) {
    int sp = padded_keys(keys);
    float *scores = scratch;
    float *qb = scores + (size_t)TB * sp;
    float *block = qb + MAXD * TB;
    float *inverse = block + TB * MAXD;
    for (int t0 = t_begin; t0 < t_end; t0 += TB) {
        int tn = t_end - t0 < TB ? t_end - t0 : TB;
        for (int e = 0; e < depth; e++)
            for (int j = 0; j < TB; j++) qb[e * TB + j] = j < tn ? q[(size_t)e * q_stride + t0 + j] : 0.0f;
        for (int s0 = 0; s0 < keys;) {
            if (keys - s0 >= 48) {
                qk512_3(qb, k + s0, k_stride, depth, scale, scores + s0, sp, (__mmask16)0xffff);
                s0 += 48;
            } else {
                qk512_1(qb, k + s0, k_stride, depth, scale, scores + s0, sp, lanes(keys - s0));
                s0 += 16;
            }
        }
        // Row softmax numerators in place; 1/sum is applied to the output.
        for (int j = 0; j < TB; j++) {
            float *row = scores + (size_t)j * sp;
            if (j >= tn) { memset(row, 0, sizeof(float) * keys); inverse[j] = 0; continue; }
            __m512 maxima = _mm512_set1_ps(-3.402823466e38f);
            for (int s = 0; s < keys; s += 16) {
                __mmask16 m = lanes(keys - s);
                maxima = _mm512_mask_max_ps(maxima, m, maxima, _mm512_maskz_loadu_ps(m, row + s));
            }
            __m512 shift = _mm512_set1_ps(_mm512_reduce_max_ps(maxima));
            __m512 sums = _mm512_setzero_ps();
            for (int s = 0; s < keys; s += 16) {
                __mmask16 m = lanes(keys - s);
                __m512 e = _mm512_maskz_mov_ps(m, exp512(_mm512_sub_ps(_mm512_maskz_loadu_ps(m, row + s), shift)));
                _mm512_mask_storeu_ps(row + s, m, e);
                sums = _mm512_add_ps(sums, e);
            }
            inverse[j] = 1.0f / _mm512_reduce_add_ps(sums);
        }
        for (int d0 = 0; d0 < depth; d0 += 32) {
            int dn = depth - d0 < 32 ? depth - d0 : 32;
            pv512(scores, sp, keys, vt + d0, vt_stride, lanes(dn), lanes(dn - 16), block);
            for (int d = 0; d < dn; d++) {
                float *o = out + (size_t)(d0 + d) * out_stride + t0;
                for (int j = 0; j < tn; j++) o[j] = block[j * MAXD + d] * inverse[j];
            }
        }
    }
}

static void attention_scalar(const float *q, size_t q_stride, const float *k, size_t k_stride, const float *vt,
                             size_t vt_stride, int depth, int keys, float scale, float *out, size_t out_stride,
                             float *scratch, int t_begin, int t_end) {
    float *row = scratch;
    for (int t = t_begin; t < t_end; t++) {
        float maximum = -3.402823466e38f;
        for (int s = 0; s < keys; s++) {
            float dot = 0;
            for (int e = 0; e < depth; e++) dot += q[(size_t)e * q_stride + t] * k[(size_t)e * k_stride + s];
            row[s] = dot * scale;
            maximum = row[s] > maximum ? row[s] : maximum;
        }
        float sum = 0;
        for (int s = 0; s < keys; s++) {
            // Same polynomial exp as the vector path, via its scalar twin in unet_pointwise.c
            // would need linkage; expf differs by < 2e-7 relative.
            row[s] = __builtin_expf(row[s] - maximum);
            sum += row[s];
        }
        for (int d = 0; d < depth; d++) {
            float value = 0;
            for (int s = 0; s < keys; s++) value += row[s] * vt[(size_t)s * vt_stride + d];
            out[(size_t)d * out_stride + t] = value / sum;
        }
    }
}

int warden_attention_vectorised(void) { return unet_best_isa() == UNET_ISA_AVX512; }

const char *warden_attention_run_isa(const char *isa, const float *q, size_t q_stride, const float *k,
                                     size_t k_stride, const float *vt, size_t vt_stride, int depth, int keys,
                                     float scale, float *out, size_t out_stride, float *scratch,
                                     int t_begin, int t_end) {
    int vector = strcmp(isa, "scalar") != 0 && warden_attention_vectorised();
    if (t_begin >= t_end || keys <= 0 || depth <= 0 || depth > MAXD) return vector ? "avx512f" : "scalar";
    if (vector) attention512(q, q_stride, k, k_stride, vt, vt_stride, depth, keys, scale, out, out_stride, scratch, t_begin, t_end);
    else attention_scalar(q, q_stride, k, k_stride, vt, vt_stride, depth, keys, scale, out, out_stride, scratch, t_begin, t_end);
    return vector ? "avx512f" : "scalar";
}

void warden_attention_run(const float *q, size_t q_stride, const float *k, size_t k_stride,
                          const float *vt, size_t vt_stride, int depth, int keys, float scale,
                          float *out, size_t out_stride, float *scratch, int t_begin, int t_end) {
    warden_attention_run_isa("avx512f", q, q_stride, k, k_stride, vt, vt_stride, depth, keys, scale, out,
                             out_stride, scratch, t_begin, t_end);
}
