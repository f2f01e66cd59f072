#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension Tensor {
    /// Exact GELU, `x · Φ(x) = 0.5 · x · (1 + erf(x / √2))`, as PyTorch's `nn.GELU()`
    /// (approximate = "none"), not the tanh approximation.
    public func gelu() -> Tensor {
        var result = self
        result.data.withUnsafeMutableBufferPointer { Tensor.gelu($0.baseAddress!, count: $0.count) }
        return result
    }

    /// SiLU (swish), `x · sigmoid(x)`.
    public func silu() -> Tensor {
        var result = self
        result.data.withUnsafeMutableBufferPointer { Tensor.silu($0.baseAddress!, count: $0.count) }
        return result
    }

    /// In-place exact GELU on `count` elements.
    public static func gelu(_ x: UnsafeMutablePointer<Float>, count: Int) {
        let inverseSqrt2: Float = 0.70710678118654752
        for i in 0..<count {
            let v = x[i]
            x[i] = 0.5 * v * (1 + erf32(v * inverseSqrt2))
        }
    }

    /// In-place SiLU on `count` elements.
    public static func silu(_ x: UnsafeMutablePointer<Float>, count: Int) {
        for i in 0..<count {
            let v = x[i]
            x[i] = v / (1 + expf(-v))
        }
    }

    /// erf in single precision without a library call, so loops over it vectorise: the rational
    /// approximation Eigen uses (`generic_fast_erf_float`), max abs error about 1e-7 against
    /// double-precision erf; inputs are clamped to [-4, 4], outside of which erf is ±1 in Float.
    @inline(__always)
    public static func erf32(_ a: Float) -> Float {
        let x = min(max(a, -4), 4)
        let x2 = x * x
        var p: Float = -2.72614225801306e-10
        p = p * x2 + 2.77068142495902e-08
        p = p * x2 - 2.10102402082508e-06
        p = p * x2 - 5.69250639462346e-05
        p = p * x2 - 7.34990630326855e-04
        p = p * x2 - 2.95459980854025e-03
        p = p * x2 - 1.60960333262415e-02
        p = p * x
        var q: Float = -1.45660718464996e-05
        q = q * x2 - 2.13374055278905e-04
        q = q * x2 - 1.68282697438203e-03
        q = q * x2 - 7.37332916720468e-03
        q = q * x2 - 1.42647390514189e-02
        return p / q
    }
}
