import CUNetKernels
import Tensor

/// The UNets' 1x1 convolutions and per-pixel linear layers (residual skips, attention q/k/v and
/// output projections) as a direct kernel (`CUNetKernels`): 8 output channels x 48 columns
/// accumulate in registers over the input channels of the `[C, N·H·W]` view. OpenBLAS spent most
/// of such thin products (8-128 rows, 8-128 deep, up to 65,536 columns) packing its operands.
/// Columns are cut into chunks the threads share when the product is large enough.
enum PointwiseConvolution {
    /// `weight` `[O, C]` (Linear) or `[O, C, 1, 1]` (Conv2d) in the kernel's blocked layout.
    static func pack(_ weight: [Float], outChannels: Int, inChannels: Int) -> [Float] {
        var packed = [Float](repeating: 0, count: warden_conv1x1_packed_count(Int32(outChannels), Int32(inChannels)))
        weight.withUnsafeBufferPointer { w in
            packed.withUnsafeMutableBufferPointer { p in
                warden_conv1x1_pack(w.baseAddress!, Int32(outChannels), Int32(inChannels), p.baseAddress!)
            }
        }
        return packed
    }

    /// `output[o, j] = bias[o] (+ residual[o, j]) + Σ_c W[o, c] · x[c, j]` over the map's columns.
    /// `residual` may be `output`; `output` must not overlap `x`. `isa`: nil for the best
    /// instruction set, or "avx512f" / "avx2" / "scalar" (tests).
    static func apply(_ x: FeatureMap, packed: UnsafePointer<Float>, outChannels: Int, bias: UnsafePointer<Float>?,
                      residual: UnsafePointer<Float>?, output: UnsafeMutablePointer<Float>, isa: String? = nil) {
        let columns = x.columns
        let flops = 2 * x.channels * outChannels * columns
        let tasks = flops >= DirectConvolution.minimumParallelFLOPs ? ParallelKernels.chunkCount(max(1, columns / 48)) : 1
        // Split on multiples of 48 columns (the kernel's widest block).
        let per = (columns / 48 + tasks - 1) / tasks * 48
        ParallelKernels.run(tasks) { task in
            let begin = Int32(task * per), end = Int32(task == tasks - 1 ? columns : min(columns, (task + 1) * per))
            if let isa {
                warden_conv1x1_run_isa(isa, x.data, Int32(x.channels), Int32(columns), packed, Int32(outChannels),
                                       bias, residual, output, begin, end)
            } else {
                warden_conv1x1_run(x.data, Int32(x.channels), Int32(columns), packed, Int32(outChannels),
                                   bias, residual, output, begin, end)
            }
        }
    }
}
