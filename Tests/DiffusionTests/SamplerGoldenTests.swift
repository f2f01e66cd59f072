import Foundation
import Testing
import Tensor
@testable import Diffusion

/// DDIM and DPM-Solver++(2M) end to end with classifier-free guidance over the real network,
/// 4 steps, against golden.py's runs (x after steps 0, 1 and 3), for both models.
@Suite("Sampler golden vectors")
struct SamplerGoldenTests {
    @Test("4 guided steps match the reference", arguments: UNetGoldenTests.Model.allCases, SamplerKind.allCases)
    func fourSteps(model: UNetGoldenTests.Model, kind: SamplerKind) throws {
        let unet = try model.unet(), golden = try GoldenFixtures.goldens(model.directory)
        let guidance: Float = model == .base ? 3 : 1
        let loop = DenoisingLoop(unet: unet, prompt: try GoldenFixtures.conditioning(golden, "text"),
                                 negative: try GoldenFixtures.conditioning(golden, "uncond"), guidance: guidance)
        var sampler = kind.makeSampler(steps: 4)
        #expect(sampler.timesteps == [999, 749, 499, 249])
        var sample = try golden.tensor(named: "sampler.x_T").data
        let extra = model == .base ? [Float](repeating: 0, count: 4 * 64 * 64)
                                   : try golden.tensor(named: "lowres.augmented_upsampled").data
        var noise = GaussianNoise(seed: 0)
        var errors: [Int: Float] = [:]
        try loop.run(sample: &sample, extraChannels: extra, height: 64, width: 64, sampler: &sampler,
                     augmentation: model == .upsampler ? 0.1 : nil, noise: &noise) { step, x in
            if [1, 2, 4].contains(step), let reference = try? golden.tensor(named: "sampler.\(kind.rawValue).x_after_step\(step - 1)") {
                errors[step] = GoldenFixtures.relativeError(x, reference.data)
            }
            return true
        }
        #expect(errors.count == 3)
        for (step, error) in errors.sorted(by: { $0.key < $1.key }) {
            #expect(error <= UNetGoldenTests.tolerance, "after step \(step - 1): relative error \(error)")
        }
    }

    @Test("schedule and trailing timesteps match diffusers' values")
    func schedule() {
        #expect(abs(NoiseSchedule.alphasCumprod[0] - 0.999958715775178) < 1e-12)
        #expect(abs(NoiseSchedule.alphasCumprod[999] - 2.4287669070348567e-09) < 1e-15)
        let t25 = NoiseSchedule.trailingTimesteps(steps: 25)
        #expect(t25.count == 25 && t25.first == 999 && t25.last == 39)
        #expect(NoiseSchedule.trailingTimesteps(steps: 1) == [999])
        #expect(NoiseSchedule.trailingTimesteps(steps: 3) == [999, 666, 332])
    }

    @Test("the seeded noise is reproducible and standard normal")
    func noise() {
        var a = GaussianNoise(seed: 42), b = GaussianNoise(seed: 42), c = GaussianNoise(seed: 43)
        let x = a.samples(20_000), y = b.samples(20_000), z = c.samples(20_000)
        #expect(x == y)
        #expect(x != z)
        let mean = x.reduce(0, +) / Float(x.count)
        let variance = x.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Float(x.count)
        #expect(abs(mean) < 0.03)
        #expect(abs(variance - 1) < 0.05)
    }
}
