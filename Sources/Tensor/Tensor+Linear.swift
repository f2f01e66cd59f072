import COpenBLAS

extension Tensor {
    /// A fully connected layer, `y = x · Wᵀ + b`, as PyTorch's `nn.Linear`.
    ///
    /// - Parameters:
    ///   - weight: `[out, in]`, the checkpoint layout of `nn.Linear.weight`.
    ///   - bias: `[out]` or nil.
    /// - Returns: `[..., out]` for `self` of shape `[..., in]`.
    public func linear(weight: Tensor, bias: Tensor?) -> Tensor {
        precondition(rank >= 1 && weight.rank == 2 && weight.shape[1] == shape[rank - 1],
                     "linear: input \(shape) does not match weight \(weight.shape) (expected [..., in] and [out, in])")
        let outFeatures = weight.shape[0], inFeatures = weight.shape[1]
        if let bias {
            precondition(bias.shape == [outFeatures], "linear: bias \(bias.shape) does not match weight \(weight.shape)")
        }
        let rows = inFeatures == 0 ? 0 : count / inFeatures
        var result = Tensor(zeros: Array(shape.dropLast()) + [outFeatures])
        data.withUnsafeBufferPointer { x in
            weight.data.withUnsafeBufferPointer { w in
                result.data.withUnsafeMutableBufferPointer { y in
                    if let bias {
                        bias.data.withUnsafeBufferPointer { b in
                            Tensor.linear(input: x.baseAddress!, rows: rows, inFeatures: inFeatures,
                                          weight: w.baseAddress!, outFeatures: outFeatures,
                                          bias: b.baseAddress, output: y.baseAddress!)
                        }
                    } else {
                        Tensor.linear(input: x.baseAddress!, rows: rows, inFeatures: inFeatures,
                                      weight: w.baseAddress!, outFeatures: outFeatures,
                                      bias: nil, output: y.baseAddress!)
                    }
                }
            }
        }
        return result
    }

    /// Pointer form of `linear(weight:bias:)` for preallocated buffers:
    /// `output[rows, out] = input[rows, in] · weight[out, in]ᵀ + bias[out] (+ residual[rows, out])`.
    /// `weightLayout` says whether `weight` is `[out, in]` (PyTorch's layout) or pre-transposed
    /// `[in, out]` (slightly faster in OpenBLAS for few rows). `output` must not overlap `input`; `residual` may be `output` itself (then it accumulates)
    /// or another buffer of the output's shape, and is added in the same sgemm (beta = 1).
    public static func linear(input: UnsafePointer<Float>, rows: Int, inFeatures: Int,
                              weight: UnsafePointer<Float>, outFeatures: Int,
                              bias: UnsafePointer<Float>?, residual: UnsafePointer<Float>? = nil,
                              weightLayout: LinearWeightLayout = .outIn,
                              output: UnsafeMutablePointer<Float>) {
        guard rows > 0, outFeatures > 0 else { return }
        var beta: Float = 0
        if let residual {
            if residual != UnsafePointer(output) {
                output.update(from: residual, count: rows * outFeatures)
            }
            if let bias {
                for r in 0..<rows { Tensor.add(bias, into: output + r * outFeatures, count: outFeatures) }
            }
            beta = 1
        } else if let bias {
            for r in 0..<rows {
                (output + r * outFeatures).update(from: bias, count: outFeatures)
            }
            beta = 1
        }
        guard inFeatures > 0 else {
            if beta == 0 { output.update(repeating: 0, count: rows * outFeatures) }
            return
        }
        let transposed = weightLayout == .outIn
        cblas_sgemm(CblasRowMajor, CblasNoTrans, transposed ? CblasTrans : CblasNoTrans,
                    Int32(rows), Int32(outFeatures), Int32(inFeatures), 1,
                    input, Int32(inFeatures), weight, Int32(transposed ? inFeatures : outFeatures),
                    beta, output, Int32(outFeatures))
    }
}

/// The memory layout of a linear layer's weight matrix.
public enum LinearWeightLayout: Sendable {
    /// `[out, in]`, as `nn.Linear.weight` is stored.
    case outIn
    /// `[in, out]`, the transpose.
    case inOut

    /// `weight[out, in]` rewritten as `[in, out]`.
    public static func transposed(_ weight: [Float], out: Int, in inFeatures: Int) -> [Float] {
        precondition(weight.count == out * inFeatures, "transposed: \(weight.count) values are not [\(out), \(inFeatures)]")
        var result = [Float](repeating: 0, count: weight.count)
        for o in 0..<out {
            for i in 0..<inFeatures { result[i * out + o] = weight[o * inFeatures + i] }
        }
        return result
    }
}
