import Foundation
import Testing
@testable import Diffusion

/// Fail closed (issue 11), through `DiffusionPipeline.load` as the gateway calls it: a copy of
/// Models/generator-base and Models/generator-upsampler with one weight file truncated, altered
/// or missing is refused before any weight is read, naming the file.
@Suite("Diffusion pipeline refuses missing, truncated or altered model files")
struct DiffusionFailClosedTests {
    /// A temporary Models/ with config.json and model.safetensors of both generators, `damage`
    /// applied, then loaded.
    static func loadError(_ damage: (URL) throws -> Void) throws -> DiffusionError? {
        let models = FileManager.default.temporaryDirectory.appendingPathComponent("warden-diffusion-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: models) }
        for (name, source) in [("generator-base", GoldenFixtures.baseDirectory),
                               ("generator-upsampler", GoldenFixtures.upsamplerDirectory)] {
            let target = models.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: target, withIntermediateDirectories: true)
            for file in ["config.json", "model.safetensors"] {
                try FileManager.default.copyItem(at: source.appendingPathComponent(file),
                                                 to: target.appendingPathComponent(file))
            }
        }
        try damage(models)
        do {
            _ = try DiffusionPipeline.load(modelsDirectory: models)
            return nil
        } catch {
            return error
        }
    }

    static func expectRefused(_ error: DiffusionError?, file: String) {
        guard case let .weightsUnavailable(path, reason)? = error else {
            Issue.record("expected weightsUnavailable for \(file), got \(String(describing: error))")
            return
        }
        #expect(path.hasSuffix(file))
        #expect(reason.contains("sha256") || reason.contains("no such file"))
    }

    @Test("the intact copy loads")
    func intact() throws {
        #expect(try Self.loadError { _ in } == nil)
    }

    @Test("a truncated base weights file is refused")
    func truncatedBase() throws {
        let error = try Self.loadError { models in
            let url = models.appendingPathComponent("generator-base/model.safetensors")
            try Data(try Data(contentsOf: url).prefix(4096)).write(to: url)
        }
        Self.expectRefused(error, file: "generator-base/model.safetensors")
    }

    @Test("one changed bit in the upsampler is refused")
    func alteredUpsampler() throws {
        let error = try Self.loadError { models in
            let url = models.appendingPathComponent("generator-upsampler/model.safetensors")
            var data = try Data(contentsOf: url)
            data[data.count / 2] ^= 0x10
            try data.write(to: url)
        }
        Self.expectRefused(error, file: "generator-upsampler/model.safetensors")
    }

    @Test("a missing upsampler weights file is refused")
    func missingUpsampler() throws {
        let error = try Self.loadError { models in
            try FileManager.default.removeItem(at: models.appendingPathComponent("generator-upsampler/model.safetensors"))
        }
        Self.expectRefused(error, file: "generator-upsampler/model.safetensors")
    }
}
