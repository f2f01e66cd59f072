import Tensor

/// 16-lane loops for the group norm's statistics and its fused SiLU (Swift does not vectorise
/// Float reductions on its own, since that reorders the additions).
enum Lanes {
    static func load(_ p: UnsafePointer<Float>) -> SIMD16<Float> {
        UnsafeRawPointer(p).loadUnaligned(as: SIMD16<Float>.self)
    }

    static func sum(_ x: UnsafePointer<Float>, count: Int) -> Float {
        var lanes = SIMD16<Float>(repeating: 0)
        var i = 0
        while i + 16 <= count { lanes += load(x + i); i += 16 }
        var total = lanes.sum()
        while i < count { total += x[i]; i += 1 }
        return total
    }

    static func squaredDeviation(_ x: UnsafePointer<Float>, count: Int, mean: Float) -> Float {
        var lanes = SIMD16<Float>(repeating: 0)
        let m = SIMD16<Float>(repeating: mean)
        var i = 0
        while i + 16 <= count {
            let d = load(x + i) - m
            lanes += d * d
            i += 16
        }
        var total = lanes.sum()
        while i < count { let d = x[i] - mean; total += d * d; i += 1 }
        return total
    }

    /// `y = SiLU(x · scale + shift)`, `SiLU(v) = v / (1 + e^{−v})` with `Tensor.fastExp`.
    static func scaleShiftSiLU(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, count: Int,
                               scale: Float, shift: Float) {
        var i = 0
        while i + 16 <= count {
            let v = load(x + i) * scale + shift
            let out = v / (1 + Tensor.fastExp(-v))
            UnsafeMutableRawPointer(y + i).storeBytes(of: out, as: SIMD16<Float>.self)
            i += 16
        }
        while i < count {
            let v = x[i] * scale + shift
            y[i] = v / (1 + Tensor.fastExp(-v))
            i += 1
        }
    }
}
