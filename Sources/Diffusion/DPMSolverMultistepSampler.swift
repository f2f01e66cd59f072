import Foundation

/// DPM-Solver++(2M) (Lu et al. 2022), matching diffusers' `DPMSolverMultistepScheduler` with
/// the generator's config.json "samplers.dpmpp_2m": `algorithm_type="dpmsolver++"`,
/// `solver_order=2`, `solver_type="midpoint"`, `prediction_type="v_prediction"`,
/// `timestep_spacing="trailing"`, `final_sigmas_type="zero"`, `lower_order_final=True` — the
/// reference is `DPMSolverPP2M` in `Models/generator-base/diffusion.py` (checked against
/// diffusers by `check_samplers.py`).
///
/// With `σ_i = √((1−ᾱ_i)/ᾱ_i)`, `α_i = 1/√(1+σ_i²)`, `s_i = σ_i α_i`, `λ_i = ln α_i − ln s_i`,
/// the schedule ends at σ = 0; `m` = x0 prediction, `h = λ_next − λ_cur`:
/// first and last step `x = (s_next/s_cur) x − α_next (e^{−h} − 1) m`; otherwise
/// `D1 = (m − m_prev) / (h_prev / h)` and the midpoint second-order update adds
/// `− ½ α_next (e^{−h} − 1) D1`. Limits: deterministic only (no SDE variant), no dynamic
/// thresholding, no Karras sigmas; "lower_order_final" applies on the last step for any count.
public struct DPMSolverMultistepSampler: DiffusionSampler {
    public let timesteps: [Int]
    let sigmas: [Double]
    var previousPrediction: [Float]?
    var previousH: Double?

    public init(steps: Int) {
        timesteps = NoiseSchedule.trailingTimesteps(steps: steps)
        sigmas = timesteps.map { t in
            let a = NoiseSchedule.alphasCumprod[t]
            return ((1 - a) / a).squareRoot()
        } + [0]
    }

    /// (α, s, λ) of a sigma; λ = +∞ at σ = 0.
    static func alphaSigmaLambda(_ sigma: Double) -> (Double, Double, Double) {
        let alpha = 1 / (1 + sigma * sigma).squareRoot()
        let s = sigma * alpha
        return (alpha, s, s > 0 ? log(alpha) - log(s) : .infinity)
    }

    public mutating func step(velocity v: [Float], index: Int, sample x: inout [Float], noise: inout GaussianNoise) {
        let a = NoiseSchedule.alphasCumprod[timesteps[index]]
        let sa = Float(a.squareRoot()), s1a = Float((1 - a).squareRoot())
        var m = [Float](repeating: 0, count: x.count)
        for i in x.indices { m[i] = sa * x[i] - s1a * v[i] }
        let (_, sCurrent, lCurrent) = Self.alphaSigmaLambda(sigmas[index])
        let (aNext, sNext, lNext) = Self.alphaSigmaLambda(sigmas[index + 1])
        let h = lNext - lCurrent
        let em = h.isFinite ? exp(-h) - 1 : -1
        let isLast = index == timesteps.count - 1
        let ratio = Float(sNext / sCurrent), first = Float(-aNext * em)
        if let previous = previousPrediction, let hPrevious = previousH, !isLast {
            let r = hPrevious / h
            let second = Float(-0.5 * aNext * em / r)
            for i in x.indices {
                x[i] = ratio * x[i] + first * m[i] + second * (m[i] - previous[i])
            }
        } else {
            for i in x.indices { x[i] = ratio * x[i] + first * m[i] }
        }
        previousPrediction = m
        previousH = h
    }
}
