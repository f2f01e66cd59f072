import Foundation
import Imaging
import Synchronization
import Testing
import Tensor
@testable import Diffusion

/// `DiffusionPipeline.generate`: seeds, inpainting restoration, the upsampler stage,
/// cancellation and typed errors for bad input. Few steps keep it to seconds.
@Suite("Diffusion pipeline")
struct PipelineTests {
    static let pipeline: Result<DiffusionPipeline, DiffusionError> = Result { () throws(DiffusionError) in
        DiffusionPipeline(base: try GoldenFixtures.base.get(), upsampler: try GoldenFixtures.upsampler.get())
    }

    func configuration(seed: UInt64 = 7, steps: Int = 4) throws -> GenerationConfiguration {
        let golden = try GoldenFixtures.goldens(GoldenFixtures.baseDirectory)
        return GenerationConfiguration(prompt: try GoldenFixtures.conditioning(golden, "text"),
                                       negative: try GoldenFixtures.conditioning(golden, "uncond"),
                                       seed: seed, steps: steps)
    }

    @Test("load checks both models and their sha256")
    func load() throws {
        let pipeline = try DiffusionPipeline.load(modelsDirectory: GoldenFixtures.modelsDirectory)
        #expect(pipeline.base.configuration.inputChannels == 7)
        #expect(pipeline.upsampler.configuration.augmentationTimestep == 100)
    }

    @Test("same seed -> same image; another seed -> another image; image i uses seed + i")
    func seeds() throws {
        let pipeline = try Self.pipeline.get()
        var config = try configuration(seed: 11)
        let a = try pipeline.generate(config) { _ in true }
        let b = try pipeline.generate(config) { _ in true }
        #expect(a == b)
        #expect(a.count == 1 && a[0].width == 64 && a[0].height == 64)
        #expect(stride(from: 3, to: a[0].pixels.count, by: 4).allSatisfy { a[0].pixels[$0] == 255 })
        config.seed = 12
        let c = try pipeline.generate(config) { _ in true }
        #expect(c != a)
        config.seed = 11
        config.imageCount = 2
        config.sampler = .dpmSolver2M
        let pair = try pipeline.generate(config) { _ in true }
        #expect(pair.count == 2 && pair[0] == a[0] && pair[1] == c[0])
    }

    @Test("inpainting keeps >= 99% of unmasked pixels within 2/255 (exactly, after restoration)",
          arguments: [64, 256])
    func inpainting(size: Int) throws {
        let pipeline = try Self.pipeline.get()
        // A two-colour input; the mask's transparent square is the region to regenerate.
        var pixels = [UInt8](repeating: 255, count: size * size * 4)
        var maskPixels = [UInt8](repeating: 255, count: size * size * 4)
        for y in 0..<size {
            for x in 0..<size {
                let i = (y * size + x) * 4
                pixels[i] = x < size / 2 ? 30 : 200
                pixels[i + 1] = UInt8((y * 255) / size)
                pixels[i + 2] = 90
                if (size / 4..<size / 2).contains(x) && (size / 4..<size * 3 / 4).contains(y) { maskPixels[i + 3] = 0 }
            }
        }
        let image = try RGBAImage(width: size, height: size, pixels: pixels)
        let mask = EditMask(alphaOf: try RGBAImage(width: size, height: size, pixels: maskPixels))
        var config = try configuration(steps: 3)
        config.size = size
        config.upsamplerSteps = 2
        config.edit = InpaintingInput(image: image, mask: mask)
        let out = try #require(try pipeline.generate(config) { _ in true }.first)
        #expect(out.width == size)
        var kept = 0, close = 0, changed = 0
        for i in 0..<(size * size) where mask.weights[i] < 0.5 {
            kept += 1
            if (0..<3).allSatisfy({ abs(Int(out.pixels[4 * i + $0]) - Int(pixels[4 * i + $0])) <= 2 }) { close += 1 }
        }
        for i in 0..<(size * size) where mask.weights[i] >= 0.5 && out.pixels[4 * i] != pixels[4 * i] { changed += 1 }
        #expect(Double(close) / Double(kept) >= 0.99)
        #expect(changed > 0, "the masked region was regenerated")
    }

    @Test("size 256 runs base then upsampler, with progress for both stages")
    func upsampled() throws {
        let pipeline = try Self.pipeline.get()
        var config = try configuration(steps: 2)
        config.size = 256
        config.upsamplerSteps = 2
        let stages = Mutex<[String]>([])
        let out = try pipeline.generate(config) { p in
            stages.withLock { $0.append("\(p.stage) \(p.step)/\(p.totalSteps)") }
            return true
        }
        #expect(out.count == 1 && out[0].width == 256 && out[0].height == 256)
        #expect(stages.withLock { $0 } == ["base 1/2", "base 2/2", "upsampler 1/2", "upsampler 2/2"])
    }

    @Test("returning false from progress cancels")
    func cancel() throws {
        let pipeline = try Self.pipeline.get()
        let calls = Mutex(0)
        #expect(throws: DiffusionError.cancelled) {
            try pipeline.generate(try configuration(steps: 10)) { _ in
                calls.withLock { $0 += 1 }
                return false
            }
        }
        #expect(calls.withLock { $0 } == 1)
    }

    @Test("bad input is a typed error")
    func badInput() throws {
        let pipeline = try Self.pipeline.get()
        let good = try configuration()
        var c = good; c.size = 128
        #expect(throws: DiffusionError.unsupportedSize(requested: 128, supported: [64, 256])) { try pipeline.generate(c) { _ in true } }
        c = good; c.steps = 0
        #expect(throws: DiffusionError.invalidSteps(requested: 0, allowed: DiffusionPipeline.allowedSteps)) { try pipeline.generate(c) { _ in true } }
        c = good; c.imageCount = 5
        #expect(throws: DiffusionError.invalidImageCount(requested: 5, allowed: 1...4)) { try pipeline.generate(c) { _ in true } }
        c = good; c.guidance = .nan
        #expect(throws: DiffusionError.self) { try pipeline.generate(c) { _ in true } }
        c = good; c.prompt = TextConditioning(tokenStates: Tensor(zeros: [3, 100]), pooled: [Float](repeating: 0, count: 384))
        #expect(throws: DiffusionError.self) { try pipeline.generate(c) { _ in true } }
        c = good
        let image = try RGBAImage(width: 64, height: 64, fill: (0, 0, 0, 255))
        let small = try RGBAImage(width: 32, height: 32, fill: (0, 0, 0, 0))
        c.edit = InpaintingInput(image: image, mask: EditMask(alphaOf: small))
        #expect(throws: DiffusionError.maskSizeMismatch(imageWidth: 64, imageHeight: 64, maskWidth: 32, maskHeight: 32, expected: 64)) {
            try pipeline.generate(c) { _ in true }
        }
    }

    @Test("an altered or missing weight file is refused before loading (fail closed)")
    func integrity() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("diffusion-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.copyItem(at: GoldenFixtures.baseDirectory.appendingPathComponent("config.json"),
                                         to: directory.appendingPathComponent("config.json"))
        #expect(throws: DiffusionError.self) { try UNet.load(directory: directory) }
        var bytes = try Data(contentsOf: GoldenFixtures.baseDirectory.appendingPathComponent("model.safetensors"))
        bytes[bytes.count - 1] ^= 0x01
        try bytes.write(to: directory.appendingPathComponent("model.safetensors"))
        do {
            _ = try UNet.load(directory: directory)
            Issue.record("an altered weight file loaded")
        } catch {
            guard case let .weightsUnavailable(_, reason) = error else { Issue.record("wrong error \(error)"); return }
            #expect(reason.contains("sha256") || reason.lowercased().contains("digest"))
        }
    }
}
