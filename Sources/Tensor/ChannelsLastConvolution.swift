import COpenBLAS

/// A 2-D convolution layer over channels-last activations: one image as a row-major `[H·W, C]`
/// matrix (NHWC without the batch), so a 1x1 stride-1 convolution is one plain sgemm and any
/// other kernel is an NHWC im2col (`[HO·WO, KH·KW·C]`, each tap a contiguous copy of C floats)
/// followed by one sgemm. The weight is repacked once, at construction, to `[KH·KW·C, O]`.
///
/// `apply` works in caller-owned buffers (no allocation per call) and fuses the epilogue a
/// residual network needs: `output = relu?(conv(input) + bias + (accumulate ? output : 0))`.
/// Numerically the same cross-correlation as ``Tensor/conv2d(weight:bias:parameters:)``
/// (PyTorch `nn.Conv2d`, groups = 1, zero padding, possibly asymmetric).
public struct ChannelsLastConvolution: Sendable {
    public let inChannels: Int
    public let outChannels: Int
    public let kernelY: Int
    public let kernelX: Int
    public let parameters: Conv2dParameters
    /// `[KH·KW·C, O]`: row `(ky·KW + kx)·C + c`, column `o`.
    public let packedWeight: [Float]
    /// `[O]`, zeros when the layer has no bias.
    public let bias: [Float]

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
        var packed = [Float](repeating: 0, count: kh * kw * c * o)
        for oc in 0..<o {
            for ic in 0..<c {
                for ky in 0..<kh {
                    for kx in 0..<kw {
                        packed[((ky * kw + kx) * c + ic) * o + oc] = weight.data[((oc * c + ic) * kh + ky) * kw + kx]
                    }
                }
            }
        }
        inChannels = c; outChannels = o; kernelY = kh; kernelX = kw
        self.parameters = parameters
        packedWeight = packed
        self.bias = bias?.data ?? [Float](repeating: 0, count: o)
    }

    /// True for a 1x1, stride-1, unpadded layer: the input is used as the sgemm operand directly.
    public var isPointwise: Bool { kernelY == 1 && kernelX == 1 && parameters == Conv2dParameters() }

    /// Output height and width for an input of `height` x `width`; nil where the kernel does not fit.
    public func outputSize(height: Int, width: Int) -> (height: Int, width: Int)? {
        let p = parameters
        guard let h = p.outputExtent(input: height, kernel: kernelY, stride: p.strideY, before: p.padTop, after: p.padBottom),
              let w = p.outputExtent(input: width, kernel: kernelX, stride: p.strideX, before: p.padLeft, after: p.padRight)
        else { return nil }
        return (h, w)
    }

    /// Floats of scratch `apply` needs for `columns` (0 for a pointwise layer).
    public func columnCount(height: Int, width: Int) -> Int {
        guard !isPointwise, let (h, w) = outputSize(height: height, width: width) else { return 0 }
        return h * w * kernelY * kernelX * inChannels
    }

    /// Runs the layer on `input` (`[height·width, C]`), writing `[HO·WO, O]` to `output`.
    /// - Parameters:
    ///   - columns: at least ``columnCount(height:width:)`` floats of scratch (unused when pointwise).
    ///   - accumulate: add the convolution to what `output` already holds (a residual).
    ///   - relu: clamp the result at zero after the bias (and residual).
    public func apply(_ input: UnsafePointer<Float>, height: Int, width: Int,
                      into output: UnsafeMutablePointer<Float>, columns: UnsafeMutablePointer<Float>?,
                      accumulate: Bool = false, relu: Bool = false) {
        guard let (outHeight, outWidth) = outputSize(height: height, width: width) else {
            preconditionFailure("ChannelsLastConvolution: kernel \(kernelY)x\(kernelX) with \(parameters) does not fit \(height)x\(width)")
        }
        let pixels = outHeight * outWidth
        let depth = kernelY * kernelX * inChannels
        guard pixels > 0, outChannels > 0 else { return }
        let operand: UnsafePointer<Float>
        if isPointwise {
            operand = input
        } else {
            guard let columns else { preconditionFailure("ChannelsLastConvolution: a \(kernelY)x\(kernelX) layer needs columns") }
            im2col(input, height: height, width: width, outHeight: outHeight, outWidth: outWidth, columns: columns)
            operand = UnsafePointer(columns)
        }
        packedWeight.withUnsafeBufferPointer { w in
            // output[HO·WO, O] = operand[HO·WO, KH·KW·C] · W[KH·KW·C, O] (+ output)
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans,
                        Int32(pixels), Int32(outChannels), Int32(depth), 1,
                        operand, Int32(depth), w.baseAddress!, Int32(outChannels),
                        accumulate ? 1 : 0, output, Int32(outChannels))
        }
        bias.withUnsafeBufferPointer { b in
            Self.addBias(b.baseAddress!, channels: outChannels, rows: pixels, to: output, relu: relu)
        }
    }

    /// `rows` rows of `channels` values each: `x = x + bias` (then `max(x, 0)` when `relu`).
    @inline(__always)
    static func addBias(_ bias: UnsafePointer<Float>, channels: Int, rows: Int,
                        to x: UnsafeMutablePointer<Float>, relu: Bool) {
        for r in 0..<rows {
            let row = x + r * channels
            if relu {
                for c in 0..<channels { row[c] = max(row[c] + bias[c], 0) }
            } else {
                for c in 0..<channels { row[c] += bias[c] }
            }
        }
    }

    /// Unfolds `[H·W, C]` into `columns[HO·WO, KH·KW·C]`, zeros where the kernel reaches into the padding.
    func im2col(_ input: UnsafePointer<Float>, height: Int, width: Int, outHeight: Int, outWidth: Int,
                columns: UnsafeMutablePointer<Float>) {
        let p = parameters, c = inChannels
        let rowLength = kernelY * kernelX * c
        for oy in 0..<outHeight {
            for ox in 0..<outWidth {
                var dst = columns + (oy * outWidth + ox) * rowLength
                for ky in 0..<kernelY {
                    let iy = oy * p.strideY - p.padTop + ky
                    let rowInside = iy >= 0 && iy < height
                    for kx in 0..<kernelX {
                        let ix = ox * p.strideX - p.padLeft + kx
                        if rowInside && ix >= 0 && ix < width {
                            dst.update(from: input + (iy * width + ix) * c, count: c)
                        } else {
                            dst.update(repeating: 0, count: c)
                        }
                        dst += c
                    }
                }
            }
        }
    }
}
