/// DDIM (Song et al. 2021), matching diffusers' `DDIMScheduler` with the generator's
/// config.json "samplers.ddim": `prediction_type="v_prediction"`, `timestep_spacing="trailing"`,
/// `clip_sample=False`, `set_alpha_to_one=True`, cosine (`squaredcos_cap_v2`) schedule — the
/// reference is `DDIM` in `Models/generator-base/diffusion.py`, which `check_samplers.py`
/// checks against diffusers (max abs difference 6e-7 on a toy model).
///
/// Step: `prev = t − T/S`, `ᾱ_prev = ᾱ[prev]` (1 when prev < 0),
/// `σ = η √((1−ᾱ_prev)/(1−ᾱ)) √(1 − ᾱ/ᾱ_prev)`,
/// `x_prev = √ᾱ_prev x0 + √(1−ᾱ_prev−σ²) ε + σ z`.
/// Limits: no thresholding or sample clipping (the config has none); `T/S` uses integer
/// division like diffusers, so step counts that do not divide 1000 step to `t − ⌊1000/S⌋`
/// (exactly as the reference); η > 0 draws z from the request's `GaussianNoise`, not torch's RNG.
public struct DDIMSampler: DiffusionSampler {
    public let timesteps: [Int]
    public let eta: Double
    let stepRatio: Int

    public init(steps: Int, eta: Double = 0) {
        timesteps = NoiseSchedule.trailingTimesteps(steps: steps)
        self.eta = eta
        stepRatio = NoiseSchedule.trainingTimesteps / steps
    }

    public mutating func step(velocity v: [Float], index: Int, sample x: inout [Float], noise: inout GaussianNoise) {
        let t = timesteps[index]
        let a = NoiseSchedule.alphasCumprod[t]
        let previous = t - stepRatio
        let ap = previous >= 0 ? NoiseSchedule.alphasCumprod[previous] : 1
        let sigma = eta * ((1 - ap) / (1 - a)).squareRoot() * (1 - a / ap).squareRoot()
        // x0 = √a x − √(1−a) v, ε = √a v + √(1−a) x; out = √ap x0 + √(1−ap−σ²) ε (+ σ z)
        let sa = Float(a.squareRoot()), s1a = Float((1 - a).squareRoot())
        let sap = Float(ap.squareRoot()), direction = Float(max(1 - ap - sigma * sigma, 0).squareRoot())
        let sigmaF = Float(sigma)
        for i in x.indices {
            let x0 = sa * x[i] - s1a * v[i]
            let eps = sa * v[i] + s1a * x[i]
            var out = sap * x0 + direction * eps
            if sigma > 0 { out += sigmaF * noise.next() }
            x[i] = out
        }
    }
}
