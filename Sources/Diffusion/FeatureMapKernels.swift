import CUNetKernels
import Foundation
import Tensor

/// The UNet's kernels on channel-major `FeatureMap`s besides convolution and attention: group
/// normalisation (with the SiLU that follows it fused) and the layout changes at the network's
/// edges.
enum FeatureMapKernels {
    /// `output = GroupNorm(x)` (PyTorch `nn.GroupNorm`: per sample and group, mean and biased
    /// variance over the group's channels and pixels), then SiLU when `silu` is set
    /// (`CUNetKernels`' vectorised kernel). `padded`: `output` is a `PaddedFeatureMap`'s buffer
    /// (zero border written, slack zeroed) instead of `[C, N, H, W]`.
    static func groupNorm(_ x: FeatureMap, groups: Int, weight: UnsafePointer<Float>, bias: UnsafePointer<Float>,
                          epsilon: Float, silu: Bool, padded: Bool = false, output: UnsafeMutablePointer<Float>,
                          isa: String? = nil) {
        // Tasks per (sample, group) touch disjoint planes; the threads share chunks of them.
        let tasks = x.batch * groups
        let chunks = x.count >= ParallelKernels.minimumParallelWork ? ParallelKernels.chunkCount(tasks) : 1
        let per = (tasks + chunks - 1) / chunks
        ParallelKernels.run(chunks) { chunk in
            let begin = Int32(chunk * per), end = Int32(min(tasks, (chunk + 1) * per))
            if let isa {
                warden_unet_group_norm_isa(isa, x.data, Int32(x.channels), Int32(x.batch), Int32(x.height),
                                           Int32(x.width), Int32(groups), weight, bias, epsilon, silu ? 1 : 0,
                                           padded ? 1 : 0, output, begin, end)
            } else {
                warden_unet_group_norm(x.data, Int32(x.channels), Int32(x.batch), Int32(x.height), Int32(x.width),
                                       Int32(groups), weight, bias, epsilon, silu ? 1 : 0, padded ? 1 : 0,
                                       output, begin, end)
            }
        }
        if padded {
            PaddedFeatureMap(data: output, channels: x.channels, batch: x.batch, height: x.height, width: x.width).zeroSlack()
        }
    }

    /// NCHW (samples one after another) -> a zero-bordered channel-major map (`[C, N]` planes of
    /// `(H+2)x(W+2)`, what a direct 3x3 convolution reads), at `padded`
    /// (`PaddedFeatureMap.count` floats).
    static func toChannelMajorPadded(_ x: UnsafePointer<Float>, channels: Int, batch: Int, height: Int, width: Int,
                                     into padded: UnsafeMutablePointer<Float>) -> PaddedFeatureMap {
        let pixels = height * width, paddedPlane = (height + 2) * (width + 2)
        let planes = channels * batch
        let chunks = planes * pixels >= ParallelKernels.minimumParallelWork ? ParallelKernels.chunkCount(planes) : 1
        let per = (planes + chunks - 1) / chunks
        ParallelKernels.run(chunks) { chunk in
            for plane in stride(from: chunk * per, to: min(planes, (chunk + 1) * per), by: 1) {
                let c = plane / batch, n = plane % batch          // destination plane c·N + n
                warden_conv3x3_pad(x + (n * channels + c) * pixels, 1, Int32(height), Int32(width),
                                   padded + plane * paddedPlane)
            }
        }
        let map = PaddedFeatureMap(data: padded, channels: channels, batch: batch, height: height, width: width)
        map.zeroSlack()
        return map
    }

    /// Channel-major `[C, N, H, W]` -> NCHW.
    static func toSampleMajor(_ x: UnsafePointer<Float>, channels: Int, batch: Int, pixels: Int,
                              output: UnsafeMutablePointer<Float>) {
        for n in 0..<batch {
            for c in 0..<channels {
                (output + (n * channels + c) * pixels).update(from: x + (c * batch + n) * pixels, count: pixels)
            }
        }
    }
}
