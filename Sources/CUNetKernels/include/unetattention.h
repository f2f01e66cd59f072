#ifndef WARDEN_UNETATTENTION_H
#define WARDEN_UNETATTENTION_H
#include <stddef.h>

/// Largest head dimension `warden_attention_run` takes.
#define WARDEN_ATTENTION_MAX_DEPTH 64

/// Floats of scratch one thread's `warden_attention_run` needs for `keys` keys.
size_t warden_attention_scratch_count(int keys);

/// One head's scaled dot-product attention for the queries t in [t_begin, t_end), fused (the
/// scores of 8 queries at a time stay in the scratch, never a T x S matrix):
///   out[d, t] = Σ_s softmax_s(scale · Σ_e q[e, t] · k[e, s]) · vt[s, d]
/// q: `depth` rows (stride q_stride) indexed by t; k: `depth` rows (stride k_stride) of `keys`
/// contiguous values; vt: `keys` rows (stride vt_stride) of `depth` contiguous values;
/// out: `depth` rows (stride out_stride). depth <= WARDEN_ATTENTION_MAX_DEPTH. Threads may run
/// disjoint t ranges at once, each with its own scratch.
void warden_attention_run(const float *q, size_t q_stride, const float *k, size_t k_stride,
                          const float *vt, size_t vt_stride, int depth, int keys, float scale,
                          float *out, size_t out_stride, float *scratch, int t_begin, int t_end);

/// The same forcing "avx512f" or "scalar" (tests); the best available when missing. Returns
/// the set used.
const char *warden_attention_run_isa(const char *isa, const float *q, size_t q_stride, const float *k,
                                     size_t k_stride, const float *vt, size_t vt_stride, int depth, int keys,
                                     float scale, float *out, size_t out_stride, float *scratch,
                                     int t_begin, int t_end);

/// Whether `warden_attention_run` has a vector path on this CPU (AVX-512F); without one the
/// caller may prefer its sgemm path.
int warden_attention_vectorised(void);

/// dst[c · dst_stride + r] = src[r · src_stride + c] for r < rows, c < cols.
void warden_transpose(const float *src, size_t src_stride, int rows, int cols, float *dst, size_t dst_stride);
#endif
