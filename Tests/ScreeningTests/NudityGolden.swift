import Foundation

/// `Models/nudity/golden/scores.json`, written by
/// `Models/nudity/.venv/bin/python Models/nudity/golden.py scores` from the committed PNGs in
/// `Models/nudity/golden/images/`: per image, onnxruntime's P(nsfw) on the original
/// `open-nsfw.onnx` (`nsfw`) and on the same graph with fp16-rounded weights
/// (`nsfw_fp16_weights`, what model.safetensors holds), and checksums of the 224x224 RGB crop
/// Pillow makes (the bytes the network sees before BGR and the mean).
struct NudityGolden: Decodable {
    struct Crop: Decodable {
        var sum: Int
        var weightedSum: Int
    }
    struct Case: Decodable {
        var image: String
        var size: [Int]
        var mode: String
        var nsfw: Double
        var nsfwFp16Weights: Double
        var crop: Crop
    }

    var tolerance: Double
    var toleranceFp16Weights: Double
    var images: [Case]

    /// The repository's Models/nudity folder, found from this file's path.
    static var modelDirectory: URL {
        URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent()  // ScreeningTests
            .deletingLastPathComponent()  // Tests
            .deletingLastPathComponent()  // repository root
            .appendingPathComponent("Models/nudity")
    }

    static func load() throws -> NudityGolden {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode(NudityGolden.self,
                                  from: Data(contentsOf: modelDirectory.appendingPathComponent("golden/scores.json")))
    }

    /// The committed PNG of a case.
    static func imageData(_ name: String) throws -> Data {
        try Data(contentsOf: modelDirectory.appendingPathComponent("golden/images").appendingPathComponent(name))
    }
}
