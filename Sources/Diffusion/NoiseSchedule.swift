import Foundation

/// The cosine noise schedule of the generator (diffusers `beta_schedule="squaredcos_cap_v2"`,
/// T = 1000), as `Models/generator-base/diffusion.py` writes it:
/// `f(t) = cos(((t/T) + 0.008) / 1.008 · π/2)²`, `β_i = min(1 − f(i+1)/f(i), 0.999)`,
/// `ᾱ_i = Π_{j<=i} (1 − β_j)` in Double. Timesteps for S steps use "trailing" spacing:
/// `round(arange(T, 0, −T/S)) − 1` (S = 25: 999, 959, ..., 39).
public enum NoiseSchedule {
    public static let trainingTimesteps = 1000

    /// ᾱ for every training timestep, Double.
    public static let alphasCumprod: [Double] = {
        let t = Double(trainingTimesteps)
        func f(_ i: Double) -> Double {
            let c = cos((i / t + 0.008) / 1.008 * Double.pi / 2)
            return c * c
        }
        var product = 1.0
        return (0..<trainingTimesteps).map { i in
            let beta = min(1 - f(Double(i + 1)) / f(Double(i)), 0.999)
            product *= 1 - beta
            return product
        }
    }()

    /// Trailing timesteps for `steps` steps, highest first (numpy's round-half-to-even, as the
    /// reference).
    public static func trailingTimesteps(steps: Int) -> [Int] {
        let t = Double(trainingTimesteps)
        let stride = t / Double(steps)
        var result: [Int] = []
        var value = t
        var i = 0
        while value > 0 {
            result.append(Int(value.rounded(.toNearestOrEven)) - 1)
            i += 1
            value = t - Double(i) * stride   // numpy arange: start + i * step
        }
        return result
    }

    /// `x_t = √ᾱ x0 + √(1−ᾱ) ε` at `timestep`, in place on `x0`.
    static func addNoise(_ x0: inout [Float], noise: [Float], timestep: Int) {
        let a = alphasCumprod[timestep]
        let signal = Float(a.squareRoot()), sigma = Float((1 - a).squareRoot())
        for i in x0.indices { x0[i] = signal * x0[i] + sigma * noise[i] }
    }
}
