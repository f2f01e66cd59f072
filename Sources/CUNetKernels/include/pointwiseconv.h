#ifndef WARDEN_POINTWISECONV_H
#define WARDEN_POINTWISECONV_H
#include <stddef.h>

/// 1x1 convolution (a linear layer on every pixel) on a channel-major map viewed as a matrix
/// X [C, columns] (columns = N·H·W): output[o, j] = bias[o] (+ residual[o, j]) + Σ_c W[o, c] X[c, j].
/// W [O, C] (PyTorch's Linear / 1x1 Conv2d layout) is packed like the 3x3 kernel's weights:
/// ceil(O / 8) blocks of [C][8] (see WARDEN_CONV3X3_BLOCK), channels past O zero.
size_t warden_conv1x1_packed_count(int out_channels, int channels);
void warden_conv1x1_pack(const float *w, int out_channels, int channels, float *packed);

/// Computes columns [column_begin, column_end) so threads may split one product. `bias`,
/// `residual` may be NULL; `residual` may equal `output`; `output` must not overlap `x`.
void warden_conv1x1_run(const float *x, int channels, int columns, const float *packed, int out_channels,
                        const float *bias, const float *residual, float *output,
                        int column_begin, int column_end);

/// The same forcing "avx512f", "avx2" or "scalar" (tests); the best available when missing.
void warden_conv1x1_run_isa(const char *isa, const float *x, int channels, int columns, const float *packed,
                            int out_channels, const float *bias, const float *residual, float *output,
                            int column_begin, int column_end);
#endif
