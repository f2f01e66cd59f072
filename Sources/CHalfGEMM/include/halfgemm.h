#ifndef WARDEN_HALFGEMM_H
#define WARDEN_HALFGEMM_H
#include <stddef.h>
#include <stdint.h>

/// Panel width of the packed layout: the weight matrix W [k, n] is stored as ceil(n / 16) panels,
/// each k rows of 16 IEEE half-precision values (columns past n are zero).
#define WARDEN_HALFGEMM_PANEL 16

/// Number of uint16 values `warden_halfgemm_pack` writes for W [k, n].
size_t warden_halfgemm_packed_count(int k, int n);

/// Packs W [k, n] (row-major, float32) into half-precision panels, rounding to nearest even.
/// Values that are already half-precision (weights stored as F16) round-trip exactly.
void warden_halfgemm_pack(const float *w, int k, int n, uint16_t *packed);

/// C[m, n] = A[m, k] · W[k, n] (+ bias[n]) (+ residual[m, n]) for the panels
/// [panel_begin, panel_end) of the packed W; rows of A, C and residual have strides lda, ldc, ldc.
/// `residual` may equal `c`. Each call touches only its panels' columns, so two threads may run
/// disjoint panel ranges of the same product at once.
void warden_halfgemm_run(const float *a, int lda, int m, int k, const uint16_t *packed, int n,
                         const float *bias, const float *residual, float *c, int ldc,
                         int panel_begin, int panel_end);

/// The instruction set the kernel uses on this CPU: "avx512f+f16c", "avx2+fma+f16c" or "scalar".
const char *warden_halfgemm_isa(void);
#endif
