/// A sampler turns the network's v-prediction at one timestep into the next, less noisy sample.
/// A sampler value holds one request's state (multistep history), so each request makes a new
/// one (`SamplerKind.makeSampler(steps:)`); it is never shared between requests.
///
/// Prediction type is v (`v = √ᾱ ε − √(1−ᾱ) x0`, so `x0 = √ᾱ x_t − √(1−ᾱ) v`,
/// `ε = √ᾱ v + √(1−ᾱ) x_t`); ᾱ from `NoiseSchedule`, coefficients in Double applied in Float.
public protocol DiffusionSampler: Sendable {
    /// The timesteps the network is evaluated at, highest first.
    var timesteps: [Int] { get }
    /// Advances `sample` (x at `timesteps[index]`) by one step given the guided v-prediction.
    /// `noise` feeds stochastic samplers (DDIM with eta > 0); others leave it untouched.
    mutating func step(velocity: [Float], index: Int, sample: inout [Float], noise: inout GaussianNoise)
}

/// The samplers a request may ask for.
public enum SamplerKind: String, Sendable, Codable, CaseIterable {
    case ddim
    case dpmSolver2M = "dpmpp_2m"

    /// A fresh sampler of this kind for `steps` steps (deterministic: DDIM with eta 0).
    public func makeSampler(steps: Int) -> any DiffusionSampler {
        switch self {
        case .ddim: return DDIMSampler(steps: steps)
        case .dpmSolver2M: return DPMSolverMultistepSampler(steps: steps)
        }
    }
}
