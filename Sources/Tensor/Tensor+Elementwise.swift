extension Tensor {
    /// Elementwise sum. `rhs` has the same shape as `lhs`, or a suffix of it (e.g. a bias `[C]`
    /// added to `[N, C]`), in which case it is repeated over the leading dimensions.
    public static func + (lhs: Tensor, rhs: Tensor) -> Tensor {
        lhs.combined(with: rhs, name: "+") { $0 + $1 }
    }

    /// Elementwise product, broadcasting like `+`.
    public static func * (lhs: Tensor, rhs: Tensor) -> Tensor {
        lhs.combined(with: rhs, name: "*") { $0 * $1 }
    }

    /// Every element times a scalar.
    public static func * (lhs: Tensor, rhs: Float) -> Tensor {
        var result = lhs
        result.data.withUnsafeMutableBufferPointer { x in
            for i in 0..<x.count { x[i] *= rhs }
        }
        return result
    }

    /// In-place `x[i] += y[i]` over `count` elements.
    public static func add(_ y: UnsafePointer<Float>, into x: UnsafeMutablePointer<Float>, count: Int) {
        for i in 0..<count { x[i] += y[i] }
    }

    @inline(__always)
    private func combined(with rhs: Tensor, name: String, _ op: (Float, Float) -> Float) -> Tensor {
        precondition(rhs.rank <= rank && Array(shape.suffix(rhs.rank)) == rhs.shape,
                     "\(name): shapes \(shape) and \(rhs.shape) do not broadcast (rhs must equal lhs or a suffix of it)")
        var result = self
        let period = rhs.count
        guard period > 0 else { return result }
        result.data.withUnsafeMutableBufferPointer { x in
            rhs.data.withUnsafeBufferPointer { y in
                var base = 0
                while base < x.count {
                    for i in 0..<period { x[base + i] = op(x[base + i], y[i]) }
                    base += period
                }
            }
        }
        return result
    }
}
