import Foundation
import Testing
import Tensor
@testable import Diffusion

/// The Swift UNet against the PyTorch reference's golden vectors (golden.py), per block and for
/// the whole network, for the base model and the upsampler. Tolerance: max abs error <= 1e-3 ×
/// max(1, max |reference|) (issue 8).
@Suite("UNet golden vectors")
struct UNetGoldenTests {
    enum Model: String, CaseIterable, CustomTestStringConvertible {
        case base, upsampler
        var testDescription: String { rawValue }
        var directory: URL { self == .base ? GoldenFixtures.baseDirectory : GoldenFixtures.upsamplerDirectory }
        func unet() throws -> UNet { try (self == .base ? GoldenFixtures.base : GoldenFixtures.upsampler).get() }
    }

    static let tolerance: Float = 1e-3

    /// Runs `body` on a batch-1 feature map of `tensor` ([C, H, W]); batch 1 channel-major = CHW.
    func withMap(_ tensor: Tensor, _ body: (FeatureMap) -> FeatureMap) -> [Float] {
        var data = tensor.data
        return data.withUnsafeMutableBufferPointer { p in
            let map = body(FeatureMap(data: p.baseAddress!, channels: tensor.shape[0], batch: 1,
                                      height: tensor.shape[1], width: tensor.shape[2]))
            return Array(UnsafeBufferPointer(start: map.data, count: map.count))
        }
    }

    @Test("time embedding and emb (time + pooled text + augmentation) match", arguments: Model.allCases)
    func embedding(model: Model) throws {
        let unet = try model.unet(), golden = try GoldenFixtures.goldens(model.directory)
        let sinusoid = UNet.timestepEmbedding(0.5, dimension: unet.configuration.baseChannels)
        #expect(GoldenFixtures.relativeError(sinusoid, try golden.tensor(named: "timestep_embedding.t500").data) <= Self.tolerance)
        let context = unet.prepare([try GoldenFixtures.conditioning(golden, "text")])
        let emb = unet.embedding(t: 0.5, augmentation: model == .upsampler ? 0.1 : nil, context: context)
        #expect(GoldenFixtures.relativeError(emb, try golden.tensor(named: "net.emb").data) <= Self.tolerance)
    }

    @Test("each block kind matches its golden", arguments: Model.allCases)
    func blocks(model: Model) throws {
        let unet = try model.unet(), golden = try GoldenFixtures.goldens(model.directory)
        let arena = ActivationArena()
        let levels = unet.configuration.channelMultipliers.count
        // ResBlock down.<last>.res.0 with SiLU(net.emb).
        var siluEmbedding = try golden.tensor(named: "net.emb").data
        Tensor.silu(&siluEmbedding, count: siluEmbedding.count)
        let res = withMap(try golden.tensor(named: "block.resblock.input")) { x in
            siluEmbedding.withUnsafeBufferPointer { e in
                unet.down[levels - 1].residual[0].forward(x, siluEmbedding: e.baseAddress!, arena: arena)
            }
        }
        #expect(GoldenFixtures.relativeError(res, try golden.tensor(named: "block.resblock.output").data) <= Self.tolerance)
        // mid_attn with the caption's tokens.
        let context = unet.prepare([try GoldenFixtures.conditioning(golden, "text")])
        let attention = withMap(try golden.tensor(named: "block.attention.input")) { x in
            unet.attention[unet.middle.1].forward(x, keysValues: context.keysValues[unet.middle.1], arena: arena)
        }
        #expect(GoldenFixtures.relativeError(attention, try golden.tensor(named: "block.attention.output").data) <= Self.tolerance)
        // Downsample down.<last-1>.resample: conv3x3 stride 2.
        let down = withMap(try golden.tensor(named: "block.downsample.input")) { x in
            unet.down[levels - 2].resample!.apply(x, stride: 2, arena: arena)
        }
        #expect(GoldenFixtures.relativeError(down, try golden.tensor(named: "block.downsample.output").data) <= Self.tolerance)
        // Upsample up.0.resample: nearest x2 then conv3x3.
        let up = withMap(try golden.tensor(named: "block.upsample.input")) { x in
            unet.up[0].resample!.applyUpsampled(x, arena: arena)
        }
        #expect(GoldenFixtures.relativeError(up, try golden.tensor(named: "block.upsample.output").data) <= Self.tolerance)
    }

    @Test("the network's v-prediction matches (timestep 500)", arguments: Model.allCases)
    func network(model: Model) throws {
        let unet = try model.unet(), golden = try GoldenFixtures.goldens(model.directory)
        let xt = try golden.tensor(named: "net.x_t")
        let extra = model == .base ? [Float](repeating: 0, count: 4 * 64 * 64)
                                   : try golden.tensor(named: "lowres.augmented_upsampled").data
        let input = Tensor(shape: [1, unet.configuration.inputChannels, 64, 64], data: xt.data + extra)
        let output = unet.evaluate(input, t: 0.5, texts: [try GoldenFixtures.conditioning(golden, "text")],
                                   augmentation: model == .upsampler ? 0.1 : nil)
        let error = GoldenFixtures.relativeError(output.data, try golden.tensor(named: "net.output").data)
        #expect(error <= Self.tolerance, "relative max abs error \(error)")
    }

    @Test("the inpainting call (masked image + mask channels) matches")
    func inpainting() throws {
        let unet = try Model.base.unet(), golden = try GoldenFixtures.goldens(Model.base.directory)
        let image = try golden.tensor(named: "inpaint.image").data, mask = try golden.tensor(named: "inpaint.mask").data
        let pixels = 64 * 64
        let masked = (0..<(3 * pixels)).map { image[$0] * mask[$0 % pixels] }
        let input = Tensor(shape: [1, 7, 64, 64], data: try golden.tensor(named: "net.x_t").data + masked + mask)
        let output = unet.evaluate(input, t: 0.5, texts: [try GoldenFixtures.conditioning(golden, "text")])
        #expect(GoldenFixtures.relativeError(output.data, try golden.tensor(named: "inpaint.output").data) <= Self.tolerance)
    }

    @Test("the upsampler's low-res conditioning: noise augmentation at timestep 100, bilinear x4")
    func lowResolutionConditioning() throws {
        let golden = try GoldenFixtures.goldens(Model.upsampler.directory)
        var low = try golden.tensor(named: "lowres.image").data
        NoiseSchedule.addNoise(&low, noise: try golden.tensor(named: "lowres.eps").data, timestep: 100)
        let up = Tensor(shape: [1, 3, 16, 16], data: low).resizedBilinear(height: 64, width: 64)
        #expect(GoldenFixtures.relativeError(up.data, try golden.tensor(named: "lowres.augmented_upsampled").data) <= 1e-5)
    }
}
