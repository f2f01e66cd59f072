#ifndef WARDEN_DIRECTCONV_H
#define WARDEN_DIRECTCONV_H
#include <stddef.h>

/// Output channels per packed weight block: W [O, C, 3, 3] is stored as ceil(O / 8) blocks,
/// each [C][9][8] (tap-major, the 8 output channels innermost; channels past O are zero).
#define WARDEN_CONV3X3_BLOCK 8

/// Floats of slack a padded input buffer must have after its last plane (vector loads of a
/// row's tail read past the row; those lanes are discarded).
#define WARDEN_CONV3X3_SLACK 64

/// Number of floats `warden_conv3x3_pack` writes for W [o, c, 3, 3].
size_t warden_conv3x3_packed_count(int out_channels, int channels);

/// Packs W [o, c, 3, 3] (PyTorch's Conv2d layout, row-major) into the blocked layout.
void warden_conv3x3_pack(const float *w, int out_channels, int channels, float *packed);

/// Copies `planes` planes of [height, width] into zero-bordered planes of [height + 2, width + 2]
/// (one plane after another). The caller zeroes the WARDEN_CONV3X3_SLACK floats after the last
/// plane once (threads may pad disjoint plane ranges of one buffer at once).
void warden_conv3x3_pad(const float *input, int planes, int height, int width, float *padded);

/// Nearest-neighbour 2x upsampling (`F.interpolate(scale_factor=2, mode="nearest")`) of `planes`
/// planes of [height, width] straight into zero-bordered planes of [2·height + 2, 2·width + 2]
/// (slack as for `warden_conv3x3_pad`).
void warden_upsample2x_pad(const float *input, int planes, int height, int width, float *padded);

/// 3x3 convolution, stride 1, padding 1, on a channel-major batch:
///   output[o, n, y, x] = bias[n · bias_stride + o] (+ residual[o, n, y, x])
///                        + sum_{c, ky, kx} W[o, c, ky, kx] · input[c, n, y + ky − 1, x + kx − 1]
/// `padded` holds the input as `warden_conv3x3_pad` writes it ([C, N] planes of (H+2)x(W+2),
/// plus slack). Computes the output rows r in [row_begin, row_end) of the N·H rows (r = n·H + y),
/// so threads may run disjoint row ranges of the same convolution at once.
/// `bias` and `residual` may be NULL; `bias_stride` 0 shares one bias over the batch, O gives
/// each sample its own (a per-sample shift fused into the convolution); `residual`
/// ([O, N, H, W]) may equal `output`.
void warden_conv3x3_run(const float *padded, int channels, int batch, int height, int width,
                        const float *packed, int out_channels, const float *bias, int bias_stride,
                        const float *residual, float *output, int row_begin, int row_end);

/// The same, forcing one instruction set ("avx512f", "avx2" or "scalar"), for tests. Falls back
/// to the best available one when the CPU lacks the requested set; returns the set used.
const char *warden_conv3x3_run_isa(const char *isa, const float *padded, int channels, int batch,
                                   int height, int width, const float *packed, int out_channels,
                                   const float *bias, int bias_stride, const float *residual,
                                   float *output, int row_begin, int row_end);

/// 3x3 convolution, stride 2, padding 1 (output (H−1)/2+1 x (W−1)/2+1), on the same padded input
/// and packed weights, for output rows [row_begin, row_end) of the N·OH rows. AVX-512F only:
/// returns 0 and does nothing on CPUs without it (the caller falls back), 1 otherwise.
int warden_conv3x3s2_run(const float *padded, int channels, int batch, int height, int width,
                         const float *packed, int out_channels, const float *bias, float *output,
                         int row_begin, int row_end);

/// The instruction set `warden_conv3x3_run` uses on this CPU: "avx512f", "avx2" or "scalar".
const char *warden_conv3x3_isa(void);
#endif
