import Foundation
import Tensor
@testable import Diffusion

/// The committed models and their golden vectors (Models/generator-*/golden, made by
/// `Models/generator-base/golden.py`), found relative to this file.
enum GoldenFixtures {
    static let modelsDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Models")
    static let baseDirectory = modelsDirectory.appendingPathComponent("generator-base")
    static let upsamplerDirectory = modelsDirectory.appendingPathComponent("generator-upsampler")

    static func goldens(_ directory: URL) throws -> SafeTensorsFile {
        try SafeTensorsFile(url: directory.appendingPathComponent("golden/golden.safetensors"))
    }

    /// The loaded models, shared by the suites (loading checks sha256 and every key).
    static let base: Result<UNet, DiffusionError> = Result { () throws(DiffusionError) in try UNet.load(directory: baseDirectory) }
    static let upsampler: Result<UNet, DiffusionError> = Result { () throws(DiffusionError) in try UNet.load(directory: upsamplerDirectory) }

    /// Max abs error over max(1, max |reference|): the tolerance is <= 1e-3.
    static func relativeError(_ actual: [Float], _ reference: [Float]) -> Float {
        precondition(actual.count == reference.count, "sizes \(actual.count) vs \(reference.count)")
        var worst: Float = 0, scale: Float = 1
        for (a, r) in zip(actual, reference) {
            worst = max(worst, abs(a - r))
            scale = max(scale, abs(r))
        }
        return worst / scale
    }

    static func conditioning(_ file: SafeTensorsFile, _ prefix: String) throws -> TextConditioning {
        TextConditioning(tokenStates: try file.tensor(named: "\(prefix).tokens"),
                         pooled: try file.tensor(named: "\(prefix).pooled").data)
    }
}
