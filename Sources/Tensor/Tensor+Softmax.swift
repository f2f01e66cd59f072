#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension Tensor {
    /// Softmax over the last dimension (max-subtracted, so large logits do not overflow).
    public func softmax() -> Tensor {
        precondition(rank >= 1, "softmax: scalar input \(shape)")
        let width = shape[rank - 1]
        var result = self
        guard width > 0 else { return result }
        result.data.withUnsafeMutableBufferPointer { x in
            Tensor.softmax(x.baseAddress!, rows: x.count / width, width: width)
        }
        return result
    }

    /// In-place softmax over `rows` rows of `width` elements. A row whose entries are all `-inf`
    /// (every key masked) becomes all zeros instead of NaN.
    public static func softmax(_ x: UnsafeMutablePointer<Float>, rows: Int, width: Int) {
        for r in 0..<rows {
            let row = x + r * width
            var maximum = -Float.infinity
            for i in 0..<width { maximum = max(maximum, row[i]) }
            if maximum == -Float.infinity {
                row.update(repeating: 0, count: width)
                continue
            }
            var sum: Float = 0
            for i in 0..<width {
                let e = expf(row[i] - maximum)
                row[i] = e
                sum += e
            }
            let inverse = 1 / sum
            for i in 0..<width { row[i] *= inverse }
        }
    }
}
