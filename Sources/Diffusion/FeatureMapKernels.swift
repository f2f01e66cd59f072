import Foundation
import Tensor

/// The UNet's non-sgemm kernels on channel-major `FeatureMap`s: group normalisation (with the
/// SiLU that follows it fused), nearest-neighbour 2x upsampling, channel concatenation and the
/// layout changes at the network's edges.
enum FeatureMapKernels {
    /// `output = GroupNorm(x)` (PyTorch `nn.GroupNorm`: per sample and group, mean and biased
    /// variance over the group's channels and pixels), then SiLU when `silu` is set.
    static func groupNorm(_ x: FeatureMap, groups: Int, weight: UnsafePointer<Float>, bias: UnsafePointer<Float>,
                          epsilon: Float, silu: Bool, output: UnsafeMutablePointer<Float>) {
        let perGroup = x.channels / groups
        let pixels = x.pixels
        let groupSize = Double(perGroup * pixels)
        for n in 0..<x.batch {
            for g in 0..<groups {
                var sum: Double = 0
                for c in (g * perGroup)..<((g + 1) * perGroup) {
                    let plane = x.data + (c * x.batch + n) * pixels
                    var s: Float = 0
                    for i in 0..<pixels { s += plane[i] }
                    sum += Double(s)
                }
                let mean = Float(sum / groupSize)
                var squares: Double = 0
                for c in (g * perGroup)..<((g + 1) * perGroup) {
                    let plane = x.data + (c * x.batch + n) * pixels
                    var s: Float = 0
                    for i in 0..<pixels {
                        let d = plane[i] - mean
                        s += d * d
                    }
                    squares += Double(s)
                }
                let scale = 1 / (Float(squares / groupSize) + epsilon).squareRoot()
                for c in (g * perGroup)..<((g + 1) * perGroup) {
                    let offset = (c * x.batch + n) * pixels
                    let src = x.data + offset, dst = output + offset
                    let a = scale * weight[c], shift = bias[c] - mean * a
                    if silu {
                        for i in 0..<pixels {
                            let v = src[i] * a + shift
                            dst[i] = v / (1 + expf(-v))
                        }
                    } else {
                        for i in 0..<pixels { dst[i] = src[i] * a + shift }
                    }
                }
            }
        }
    }

    /// `[C, N, H, W] -> [C, N, 2H, 2W]`, as `F.interpolate(scale_factor=2, mode="nearest")`.
    static func upsampleNearest2x(_ x: FeatureMap, output: UnsafeMutablePointer<Float>) {
        let planes = x.channels * x.batch, height = x.height, width = x.width
        for plane in 0..<planes {
            let src = x.data + plane * height * width
            let dst = output + plane * 4 * height * width
            for iy in 0..<height {
                let row = dst + 2 * iy * 2 * width
                for ix in 0..<width {
                    let v = src[iy * width + ix]
                    row[2 * ix] = v
                    row[2 * ix + 1] = v
                }
                (row + 2 * width).update(from: row, count: 2 * width)
            }
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
