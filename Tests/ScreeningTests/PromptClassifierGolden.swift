import Foundation

/// The golden file `Models/prompt-classifier/golden/scores.json`, written by
/// `Models/prompt-classifier/.venv/bin/python Models/prompt-classifier/train.py`:
/// 20 validation prompts (12 unsafe, 8 benign) with their reference MiniLM embeddings and the
/// calibrated scores and flags PyTorch/NumPy computed for them.
struct PromptClassifierGolden: Decodable {
    struct Case: Decodable {
        var text: String
        var labels: [String]
        var embedding: [Float]
        var scores: [String: Double]
        var flagged: [String]
    }

    var cases: [Case]

    /// The repository's Models/prompt-classifier folder, found from this file's path.
    static var modelDirectory: URL {
        URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent()  // ScreeningTests
            .deletingLastPathComponent()  // Tests
            .deletingLastPathComponent()  // repository root
            .appendingPathComponent("Models/prompt-classifier")
    }

    static func load() throws -> PromptClassifierGolden {
        let url = modelDirectory.appendingPathComponent("golden/scores.json")
        return try JSONDecoder().decode(PromptClassifierGolden.self, from: Data(contentsOf: url))
    }
}
