import Foundation
import Testing
@testable import Diffusion

@Suite("UNet FLOP count (the benchmark's share of peak)")
struct UNetFLOPCountTests {
    /// config.json's `gflop_per_eval_batch1` is torch's FlopCounterMode at the training resolution
    /// with 16 tokens (`unet.py measure_gflops`); it counts convolutions and linear layers only.
    @Test("convolutions and linear layers equal config.json's torch count", arguments: UNetGoldenTests.Model.allCases)
    func layersMatchTorch(_ model: UNetGoldenTests.Model) throws {
        let c = try model.unet().configuration
        let count = c.flops(size: c.resolution, tokens: 16)
        #expect(abs(Double(count.layers) / 1e9 - c.gflopPerEvaluation) < 0.0005,
                "\(c.model): \(count.layers) FLOPs vs config.json \(c.gflopPerEvaluation) GFLOP")
    }

    /// The upsampler: attention (64 channels) only at 32x32, one block per level: down level 3,
    /// the middle and the two up blocks of that level, so 4 blocks of S = 1024 pixels.
    @Test("attention products: 4 blocks of QKᵀ and PV at 32x32 in the upsampler")
    func upsamplerAttention() throws {
        let c = try UNetGoldenTests.Model.upsampler.unet().configuration
        let count = c.flops(size: 256, tokens: 16)
        let perBlock = 2 * 2 * 1024 * 1024 * 64 + 2 * 2 * 1024 * 16 * 64
        #expect(count.attention == 4 * perBlock)
        // Half the size: a quarter of the layers' work, a sixteenth of the self-attention.
        let half = c.flops(size: 128, tokens: 16)
        #expect(half.attention == 4 * (2 * 2 * 256 * 256 * 64 + 2 * 2 * 256 * 16 * 64))
    }
}
