#ifndef WARDEN_UNETPOINTWISE_H
#define WARDEN_UNETPOINTWISE_H

/// GroupNorm (PyTorch `nn.GroupNorm`: per sample and group, mean and biased variance over the
/// group's channels and pixels), then SiLU when `silu` is non-zero, on a channel-major batch
/// `x` [C, N, H, W]. Computes the (sample, group) tasks t = n · groups + g in
/// [task_begin, task_end), so threads may run disjoint task ranges at once.
/// `padded_output` zero: `output` is [C, N, H, W]. Non-zero: `output` holds [C, N] planes of
/// (H+2)x(W+2) with a zero border (the layout `warden_conv3x3_run` reads); the caller zeroes the
/// WARDEN_CONV3X3_SLACK floats after the last plane.
void warden_unet_group_norm(const float *x, int channels, int batch, int height, int width, int groups,
                            const float *weight, const float *bias, float epsilon, int silu,
                            int padded_output, float *output, int task_begin, int task_end);

/// In-place softmax over `rows` rows of `width` finite floats (Cephes-polynomial exp, about
/// 2e-7 relative error, the same arithmetic as Swift's `Tensor.fastExp`).
void warden_unet_softmax(float *x, int rows, int width);

/// The same two kernels forcing one instruction set ("avx512f", "avx2" or "scalar") for tests;
/// the best available one when the CPU lacks it.
void warden_unet_group_norm_isa(const char *isa, const float *x, int channels, int batch, int height,
                                int width, int groups, const float *weight, const float *bias,
                                float epsilon, int silu, int padded_output, float *output,
                                int task_begin, int task_end);
void warden_unet_softmax_isa(const char *isa, float *x, int rows, int width);
#endif
