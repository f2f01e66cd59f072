import CUNetKernels
import Tensor

/// The UNets' 3x3 stride-1 convolutions as a direct kernel (`CUNetKernels`): each output row
/// segment accumulates 8 output channels in vector registers over every input channel and tap,
/// reading zero-bordered copies of the input planes in place, so no im2col matrix is built
/// (for 8-64 channels over large planes that unfolding, 9x the activations, dominated).
/// Bias and residual are added when the results are stored. Rows are cut into chunks that the
/// threads share (`ParallelKernels.run`) when the convolution is large enough to pay for it.
enum DirectConvolution {
    /// Multiply-adds (x2) below which a convolution stays on the calling thread.
    static let minimumParallelFLOPs = 2_000_000

    /// `weight` `[O, C, 3, 3]` in the kernel's blocked layout.
    static func pack(_ weight: [Float], outChannels: Int, inChannels: Int) -> [Float] {
        var packed = [Float](repeating: 0, count: warden_conv3x3_packed_count(Int32(outChannels), Int32(inChannels)))
        weight.withUnsafeBufferPointer { w in
            packed.withUnsafeMutableBufferPointer { p in
                warden_conv3x3_pack(w.baseAddress!, Int32(outChannels), Int32(inChannels), p.baseAddress!)
            }
        }
        return packed
    }

    /// Copies a `[C, N, H, W]` map into a zero-bordered one (`PaddedFeatureMap.count` floats at `padded`).
    static func pad(_ x: FeatureMap, into padded: UnsafeMutablePointer<Float>) -> PaddedFeatureMap {
        let planes = x.channels * x.batch
        let tasks = x.count >= ParallelKernels.minimumParallelWork ? ParallelKernels.chunkCount(planes) : 1
        let planesPer = (planes + tasks - 1) / tasks
        let paddedPlane = (x.height + 2) * (x.width + 2)
        ParallelKernels.run(tasks) { task in
            let first = task * planesPer, count = min(planes, first + planesPer) - first
            if count > 0 {
                warden_conv3x3_pad(x.data + first * x.pixels, Int32(count), Int32(x.height), Int32(x.width),
                                   padded + first * paddedPlane)
            }
        }
        let map = PaddedFeatureMap(data: padded, channels: x.channels, batch: x.batch, height: x.height, width: x.width)
        map.zeroSlack()
        return map
    }

    /// Nearest 2x upsampling of a `[C, N, H, W]` map straight into a zero-bordered
    /// `[C, N, 2H, 2W]` one (`PaddedFeatureMap.count` floats at `padded`).
    static func upsample2x(_ x: FeatureMap, into padded: UnsafeMutablePointer<Float>) -> PaddedFeatureMap {
        let planes = x.channels * x.batch
        let tasks = 4 * x.count >= ParallelKernels.minimumParallelWork ? ParallelKernels.chunkCount(planes) : 1
        let planesPer = (planes + tasks - 1) / tasks
        let paddedPlane = (2 * x.height + 2) * (2 * x.width + 2)
        ParallelKernels.run(tasks) { task in
            let first = task * planesPer, count = min(planes, first + planesPer) - first
            if count > 0 {
                warden_upsample2x_pad(x.data + first * x.pixels, Int32(count), Int32(x.height), Int32(x.width),
                                      padded + first * paddedPlane)
            }
        }
        let map = PaddedFeatureMap(data: padded, channels: x.channels, batch: x.batch,
                                   height: 2 * x.height, width: 2 * x.width)
        map.zeroSlack()
        return map
    }

    /// `output[o, n, y, x] = bias[n·biasStride + o] (+ residual) + Σ W[o, c, ky, kx] · x[c, n, y+ky−1, x+kx−1]`
    /// (padding 1, stride 1), as `Tensor.conv2dChannelMajor` with a 3x3 kernel.
    ///
    /// - Parameters:
    ///   - packed: `pack(weight, ...)`.
    ///   - biasStride: 0 (one bias for the batch) or `outChannels` (one per sample).
    ///   - residual: nil or `[O, N, H, W]`; may be `output`.
    ///   - output: `[O, N, H, W]`; must not overlap `x`.
    ///   - isa: nil for the best instruction set, or "avx512f" / "avx2" / "scalar" (tests).
    static func apply(_ x: PaddedFeatureMap, packed: UnsafePointer<Float>, outChannels: Int,
                      bias: UnsafePointer<Float>?, biasStride: Int = 0, residual: UnsafePointer<Float>?,
                      output: UnsafeMutablePointer<Float>, isa: String? = nil) {
        let rows = x.batch * x.height
        let flops = 18 * x.channels * outChannels * rows * x.width
        let tasks = flops >= minimumParallelFLOPs ? ParallelKernels.chunkCount(rows) : 1
        let rowsPer = (rows + tasks - 1) / tasks
        ParallelKernels.run(tasks) { task in
            let begin = Int32(task * rowsPer), end = Int32(min(rows, (task + 1) * rowsPer))
            if let isa {
                _ = warden_conv3x3_run_isa(isa, x.data, Int32(x.channels), Int32(x.batch), Int32(x.height),
                                           Int32(x.width), packed, Int32(outChannels), bias, Int32(biasStride),
                                           residual, output, begin, end)
            } else {
                warden_conv3x3_run(x.data, Int32(x.channels), Int32(x.batch), Int32(x.height), Int32(x.width),
                                   packed, Int32(outChannels), bias, Int32(biasStride), residual, output, begin, end)
            }
        }
    }

    /// The same convolution with stride 2 (output `(H−1)/2+1 x (W−1)/2+1`, no residual): false,
    /// with nothing written, on CPUs without AVX-512F (the caller keeps im2col + sgemm there).
    static func applyStride2(_ x: PaddedFeatureMap, packed: UnsafePointer<Float>, outChannels: Int,
                             bias: UnsafePointer<Float>?, output: UnsafeMutablePointer<Float>) -> Bool {
        let outHeight = (x.height - 1) / 2 + 1, outWidth = (x.width - 1) / 2 + 1
        let rows = x.batch * outHeight
        let flops = 18 * x.channels * outChannels * rows * outWidth
        let tasks = flops >= minimumParallelFLOPs ? ParallelKernels.chunkCount(rows) : 1
        let rowsPer = (rows + tasks - 1) / tasks
        var done = [Int32](repeating: 1, count: tasks)
        done.withUnsafeMutableBufferPointer { buffer in
            let flags = buffer.baseAddress!
            ParallelKernels.run(tasks) { task in
                flags[task] = warden_conv3x3s2_run(x.data, Int32(x.channels), Int32(x.batch), Int32(x.height),
                                                   Int32(x.width), packed, Int32(outChannels), bias, output,
                                                   Int32(task * rowsPer), Int32(min(rows, (task + 1) * rowsPer)))
            }
        }
        return done.allSatisfy { $0 != 0 }
    }

    /// The instruction set the kernel uses on this CPU.
    static var instructionSet: String { String(cString: warden_conv3x3_isa()) }
}

/// A channel-major map whose planes carry a one-pixel zero border, `[C, N, H+2, W+2]` plus the
/// kernel's slack: what `DirectConvolution` reads (group norm can write it directly).
struct PaddedFeatureMap {
    var data: UnsafeMutablePointer<Float>
    var channels: Int
    var batch: Int
    var height: Int
    var width: Int

    /// Floats of such a map, slack included.
    static func count(channels: Int, batch: Int, height: Int, width: Int) -> Int {
        channels * batch * (height + 2) * (width + 2) + Int(WARDEN_CONV3X3_SLACK)
    }

    /// Zeroes the slack after the last plane (read, and discarded, by the kernel's row tails).
    func zeroSlack() {
        (data + channels * batch * (height + 2) * (width + 2)).update(repeating: 0, count: Int(WARDEN_CONV3X3_SLACK))
    }
}
