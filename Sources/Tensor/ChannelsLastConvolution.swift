import CHalfGEMM

/// A 2-D convolution layer over channels-last activations: one image as a row-major `[H·W, C]`
/// matrix (NHWC without the batch). Each layer runs as an implicit matrix product in the C
/// micro-kernel of `channels_last_conv.c`: the weight is packed once, at construction, into
/// 32-column panels of `[KH·KW·C, O]` (as IEEE halves when every weight is exactly a half, e.g.
/// loaded from an fp16 file: the same values in half the bytes; float32 otherwise), and the
/// kernel reads the activations in place (a 1x1
/// layer, strided or not, straight from the map; a KHxKW layer from a zero-padded copy, or from
/// a map its producer already wrote with the padding around it, see
/// ``apply(paddedInput:height:width:into:outputRowStride:residual:relu:)``).
/// No im2col, no per-call packing; large layers are split over two threads.
///
/// `apply` works in caller-owned buffers (no allocation per call) and fuses the epilogue a
/// residual network needs: `output = relu?(conv(input) + bias + (accumulate ? output : 0))`.
/// Numerically the same cross-correlation as ``Tensor/conv2d(weight:bias:parameters:)``
/// (PyTorch `nn.Conv2d`, groups = 1, zero padding, possibly asymmetric), up to the order of
/// the float32 sums.
public struct ChannelsLastConvolution: Sendable {
    public let inChannels: Int
    public let outChannels: Int
    public let kernelY: Int
    public let kernelX: Int
    public let parameters: Conv2dParameters
    /// `[KH·KW·C, O]` in `warden_clconv_pack`'s panels (rows `(ky·KW + kx)·C + c`).
    enum Panels: Sendable {
        case float([Float])
        case half([UInt16])
    }
    let panels: Panels
    /// `[O]`, zeros when the layer has no bias.
    public let bias: [Float]
    /// 0 (best instruction set), 1 (AVX2 at most) or 2 (scalar): tests of the fallback kernels.
    var isaLimit: Int32 = 0

    /// A layer from a PyTorch/ONNX-layout weight `[O, C, KH, KW]` and an optional bias `[O]`.
    public init(weight: Tensor, bias: Tensor?, parameters: Conv2dParameters = .init()) {
        precondition(weight.rank == 4, "ChannelsLastConvolution: weight \(weight.shape) is not [O, C, KH, KW]")
        let o = weight.shape[0], c = weight.shape[1], kh = weight.shape[2], kw = weight.shape[3]
        if let bias {
            precondition(bias.shape == [o], "ChannelsLastConvolution: bias \(bias.shape) does not match weight \(weight.shape)")
        }
        precondition(parameters.strideX > 0 && parameters.strideY > 0
                     && [parameters.padTop, parameters.padLeft, parameters.padBottom, parameters.padRight].allSatisfy { $0 >= 0 },
                     "ChannelsLastConvolution: invalid \(parameters)")
        var matrix = [Float](repeating: 0, count: kh * kw * c * o)
        for oc in 0..<o {
            for ic in 0..<c {
                for ky in 0..<kh {
                    for kx in 0..<kw {
                        matrix[((ky * kw + kx) * c + ic) * o + oc] = weight.data[((oc * c + ic) * kh + ky) * kw + kx]
                    }
                }
            }
        }
        let depth = kh * kw * c
        let count = warden_clconv_packed_count(Int32(depth), Int32(o))
        if matrix.allSatisfy({ Float(Float16($0)) == $0 }) {
            let halves = matrix.map { Float16($0).bitPattern }
            var packed = [UInt16](repeating: 0, count: count)
            halves.withUnsafeBufferPointer { m in
                packed.withUnsafeMutableBufferPointer { warden_clconv_pack_half(m.baseAddress!, Int32(depth), Int32(o), $0.baseAddress!) }
            }
            panels = .half(packed)
        } else {
            var packed = [Float](repeating: 0, count: count)
            matrix.withUnsafeBufferPointer { m in
                packed.withUnsafeMutableBufferPointer { warden_clconv_pack(m.baseAddress!, Int32(depth), Int32(o), $0.baseAddress!) }
            }
            panels = .float(packed)
        }
        inChannels = c; outChannels = o; kernelY = kh; kernelX = kw
        self.parameters = parameters
        self.bias = bias?.data ?? [Float](repeating: 0, count: o)
    }

    /// Whether the packed weights are IEEE halves (every weight was exactly a half).
    public var storesHalfWeights: Bool {
        if case .half = panels { return true }
        return false
    }

    /// The weight as the matrix `[KH·KW·C, O]` (row `(ky·KW + kx)·C + c`, column `o`), unpacked.
    public var packedWeight: [Float] {
        let depth = kernelY * kernelX * inChannels, width = Int(WARDEN_CLCONV_PANEL)
        func value(_ index: Int) -> Float {
            switch panels {
            case .float(let values): values[index]
            case .half(let bits): Float(Float16(bitPattern: bits[index]))
            }
        }
        var matrix = [Float](repeating: 0, count: depth * outChannels)
        for o in 0..<outChannels {
            for k in 0..<depth { matrix[k * outChannels + o] = value((o / width * depth + k) * width + o % width) }
        }
        return matrix
    }

    /// The instruction set of the micro-kernel on this CPU ("avx512f+f16c", "avx2+fma+f16c" or "scalar").
    public static var instructionSet: String { String(cString: warden_clconv_isa()) }

    /// True for a 1x1, stride-1, unpadded layer.
    public var isPointwise: Bool { kernelY == 1 && kernelX == 1 && parameters == Conv2dParameters() }

    /// True when the layer pads its input: then `apply` copies the input into a zero-padded map.
    public var isPadded: Bool {
        parameters.padTop > 0 || parameters.padLeft > 0 || parameters.padBottom > 0 || parameters.padRight > 0
    }

    /// Output height and width for an input of `height` x `width`; nil where the kernel does not fit.
    public func outputSize(height: Int, width: Int) -> (height: Int, width: Int)? {
        let p = parameters
        guard let h = p.outputExtent(input: height, kernel: kernelY, stride: p.strideY, before: p.padTop, after: p.padBottom),
              let w = p.outputExtent(input: width, kernel: kernelX, stride: p.strideX, before: p.padLeft, after: p.padRight)
        else { return nil }
        return (h, w)
    }

    /// Floats of scratch `apply` needs for `columns`: the zero-padded input map, 0 when the layer has no padding.
    public func columnCount(height: Int, width: Int) -> Int {
        guard isPadded else { return 0 }
        let p = parameters
        return (height + p.padTop + p.padBottom) * (width + p.padLeft + p.padRight) * inChannels
    }

    /// Runs the layer on `input` (`[height·width, C]`), writing `[HO·WO, O]` to `output`.
    /// - Parameters:
    ///   - columns: at least ``columnCount(height:width:)`` floats of scratch (unused without padding).
    ///   - accumulate: add the convolution to what `output` already holds (a residual).
    ///   - relu: clamp the result at zero after the bias (and residual).
    public func apply(_ input: UnsafePointer<Float>, height: Int, width: Int,
                      into output: UnsafeMutablePointer<Float>, columns: UnsafeMutablePointer<Float>?,
                      accumulate: Bool = false, relu: Bool = false) {
        guard isPadded else {
            apply(paddedInput: input, height: height, width: width, into: output,
                  residual: accumulate ? UnsafePointer(output) : nil, relu: relu)
            return
        }
        guard let columns else { preconditionFailure("ChannelsLastConvolution: a padded layer needs columns") }
        ChannelsLastPadding.copy(input, height: height, width: width, channels: inChannels, parameters: parameters,
                                 into: columns)
        apply(paddedInput: columns, height: height, width: width, into: output,
              residual: accumulate ? UnsafePointer(output) : nil, relu: relu)
    }

    /// Runs the layer on a map that already holds the layer's zero padding: `paddedInput` is
    /// `[(padTop + height + padBottom)·(padLeft + width + padRight), C]` (``ChannelsLastPadding``'s
    /// layout), `height` x `width` the map inside it. Output pixel `(y, x)` goes to
    /// `output + y·outputRowStride + x·O` (default row stride `WO·O`: a dense `[HO·WO, O]` map;
    /// a longer one writes into the interior of the next layer's padded map). `residual`, when
    /// given, is added before the ReLU, read at the output's offsets (it may be `output` itself).
    public func apply(paddedInput: UnsafePointer<Float>, height: Int, width: Int,
                      into output: UnsafeMutablePointer<Float>, outputRowStride: Int? = nil,
                      residual: UnsafePointer<Float>? = nil, relu: Bool = false) {
        guard let (outHeight, outWidth) = outputSize(height: height, width: width) else {
            preconditionFailure("ChannelsLastConvolution: kernel \(kernelY)x\(kernelX) with \(parameters) does not fit \(height)x\(width)")
        }
        guard outHeight > 0, outWidth > 0, outChannels > 0 else { return }
        let p = parameters
        let rowStride = (width + p.padLeft + p.padRight) * inChannels
        withPanels { weights, half in
            bias.withUnsafeBufferPointer { b in
                var problem = warden_clconv_problem(
                    input: paddedInput, in_row_stride: rowStride, in_pixel_stride: inChannels,
                    stride_y: Int32(p.strideY), stride_x: Int32(p.strideX),
                    taps: Int32(kernelY), tap_stride: rowStride, run: Int32(kernelX * inChannels),
                    out_height: Int32(outHeight), out_width: Int32(outWidth),
                    output: output, out_row_stride: outputRowStride ?? outWidth * outChannels,
                    out_pixel_stride: outChannels,
                    packed: weights, half: half ? 1 : 0, n: Int32(outChannels), bias: b.baseAddress!,
                    residual: residual, relu: relu ? 1 : 0, isa_limit: isaLimit)
                Self.run(&problem, multiplyAccumulates: outHeight * outWidth * kernelY * kernelX * inChannels * outChannels)
            }
        }
    }

    /// Calls `body` with the packed panels' address and whether they are halves.
    private func withPanels(_ body: (UnsafeRawPointer, Bool) -> Void) {
        switch panels {
        case .float(let values): values.withUnsafeBytes { body($0.baseAddress!, false) }
        case .half(let bits): bits.withUnsafeBytes { body($0.baseAddress!, true) }
        }
    }

    /// This layer with the micro-kernel limited to AVX2 (`1`) or scalar code (`2`), for tests.
    func limitingInstructionSet(to level: Int32) -> ChannelsLastConvolution {
        var copy = self
        copy.isaLimit = level
        return copy
    }

    /// Runs all items of `problem`; when OpenBLAS is allowed two or more threads and the layer is
    /// large enough to pay for the hand-off, the ``KernelWorker`` and this thread claim items from
    /// opposite ends; this thread waits only for items the worker has already claimed.
    private static func run(_ problem: inout warden_clconv_problem, multiplyAccumulates: Int) {
        let items = warden_clconv_item_count(&problem)
        guard items > 1, multiplyAccumulates >= 1 << 20, OpenBLASRuntime.threadCount > 1 else {
            warden_clconv_run(&problem, 0, items)
            return
        }
        // Two chunks: draining from the front and from the back. Whichever thread takes a chunk
        // claims items from its end until the two meet; a late worker finds nothing left.
        let layer = SharedLayer(problem)
        if !KernelWorker.shared.run(2, { layer.work(fromBack: $0 == 1) }) {
            layer.work(fromBack: false)
        }
    }
}
