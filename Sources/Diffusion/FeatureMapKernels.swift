import CUNetKernels
import Foundation
import Tensor

/// The UNet's kernels on channel-major `FeatureMap`s besides convolution and attention: group
/// normalisation (with the SiLU that follows it fused), channel concatenation and the layout
/// changes at the network's edges.
enum FeatureMapKernels {
    /// `output = GroupNorm(x)` (PyTorch `nn.GroupNorm`: per sample and group, mean and biased
    /// variance over the group's channels and pixels), then SiLU when `silu` is set
    /// (`CUNetKernels`' vectorised kernel). `padded`: `output` is a `PaddedFeatureMap`'s buffer
    /// (zero border written, slack zeroed) instead of `[C, N, H, W]`.
    static func groupNorm(_ x: FeatureMap, groups: Int, weight: UnsafePointer<Float>, bias: UnsafePointer<Float>,
                          epsilon: Float, silu: Bool, padded: Bool = false, output: UnsafeMutablePointer<Float>,
                          isa: String? = nil) {
        // Tasks per (sample, group) touch disjoint planes; one chunk of them per thread.
        let tasks = x.batch * groups
        let chunks = x.count >= ParallelKernels.minimumParallelWork ? min(ParallelKernels.threads, tasks) : 1
        let per = (tasks + chunks - 1) / chunks
        ParallelFor.run(chunks) { chunk in
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

    /// `cat([a, b], dim=channels)`: in the channel-major layout, b's rows follow a's.
    static func concatenate(_ a: FeatureMap, _ b: FeatureMap, output: UnsafeMutablePointer<Float>) {
        output.update(from: a.data, count: a.count)
        (output + a.count).update(from: b.data, count: b.count)
    }

    /// NCHW (samples one after another) -> channel-major `[C, N, H, W]`.
    static func toChannelMajor(_ x: UnsafePointer<Float>, channels: Int, batch: Int, pixels: Int,
                               output: UnsafeMutablePointer<Float>) {
        for n in 0..<batch {
            for c in 0..<channels {
                (output + (c * batch + n) * pixels).update(from: x + (n * channels + c) * pixels, count: pixels)
            }
        }
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
