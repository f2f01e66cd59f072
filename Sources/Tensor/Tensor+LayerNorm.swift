extension Tensor {
    /// Layer normalisation over the last dimension, as PyTorch's `nn.LayerNorm`
    /// (biased variance, `epsilon` inside the square root).
    ///
    /// - Parameters:
    ///   - weight: `[C]` scale (gamma). - bias: `[C]` shift (beta).
    /// - Returns: the same shape as `self`, `[..., C]`.
    public func layerNorm(weight: Tensor, bias: Tensor, epsilon: Float = 1e-5) -> Tensor {
        precondition(rank >= 1, "layerNorm: scalar input \(shape)")
        let width = shape[rank - 1]
        precondition(weight.shape == [width] && bias.shape == [width],
                     "layerNorm: input \(shape) needs weight and bias [\(width)], got \(weight.shape) and \(bias.shape)")
        var result = self
        let rows = width == 0 ? 0 : count / width
        result.data.withUnsafeMutableBufferPointer { x in
            weight.data.withUnsafeBufferPointer { g in
                bias.data.withUnsafeBufferPointer { b in
                    Tensor.layerNorm(x.baseAddress!, rows: rows, width: width, weight: g.baseAddress!,
                                     bias: b.baseAddress!, epsilon: epsilon)
                }
            }
        }
        return result
    }

    /// In-place pointer form of `layerNorm(weight:bias:epsilon:)` over `rows` rows of `width`.
    public static func layerNorm(_ x: UnsafeMutablePointer<Float>, rows: Int, width: Int,
                                 weight: UnsafePointer<Float>, bias: UnsafePointer<Float>, epsilon: Float) {
        guard width > 0 else { return }
        let inverseWidth = 1 / Float(width)
        for r in 0..<rows {
            let row = x + r * width
            var sum: Float = 0
            for i in 0..<width { sum += row[i] }
            let mean = sum * inverseWidth
            var squares: Float = 0
            for i in 0..<width {
                let d = row[i] - mean
                squares += d * d
            }
            let scale = 1 / (squares * inverseWidth + epsilon).squareRoot()
            for i in 0..<width {
                row[i] = (row[i] - mean) * scale * weight[i] + bias[i]
            }
        }
    }
}
