import Foundation

/// The seeded random numbers of a generation: same seed -> same noise -> same image, on every
/// machine (no platform RNG, no Float transcendental differences beyond libm's log/cos/sin).
///
/// Generator: SplitMix64 (Steele, Lea, Flood 2014; state += 0x9E3779B97F4A7C15, then the
/// xor-shift-multiply finaliser with 0xBF58476D1CE4E5B9 and 0x94D049BB133111EB). Each normal
/// pair comes from two 64-bit outputs by Box-Muller in Double: `u1 = (a >> 11 + 1) / 2^53`
/// (in (0, 1]), `u2 = (b >> 11) / 2^53`, `r = √(−2 ln u1)`, then `r cos(2π u2)` and
/// `r sin(2π u2)` (both used, in that order), rounded to Float.
/// It does not reproduce PyTorch's `torch.randn`; goldens inject their noise explicitly.
public struct GaussianNoise: Sendable {
    private var state: UInt64
    private var spare: Float?

    public init(seed: UInt64) { state = seed }

    /// The next SplitMix64 output.
    public mutating func nextUInt64() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// The next standard normal sample.
    public mutating func next() -> Float {
        if let spare {
            self.spare = nil
            return spare
        }
        let u1 = (Double(nextUInt64() >> 11) + 1) / 9_007_199_254_740_992
        let u2 = Double(nextUInt64() >> 11) / 9_007_199_254_740_992
        let r = (-2 * log(u1)).squareRoot()
        let angle = 2 * Double.pi * u2
        spare = Float(r * sin(angle))
        return Float(r * cos(angle))
    }

    /// `count` standard normal samples.
    public mutating func samples(_ count: Int) -> [Float] {
        (0..<count).map { _ in next() }
    }
}
