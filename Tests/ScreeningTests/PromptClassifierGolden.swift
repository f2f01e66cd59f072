import Foundation

/// The golden file `Models/prompt-classifier/golden/scores.json`, written by
/// `Models/prompt-classifier/.venv/bin/python Models/prompt-classifier/train.py`:
/// 20 validation prompts (12 unsafe, 8 benign) with their reference MiniLM embeddings, the heads'
/// input (`features`, pooled from the reference token states as config.json's `architecture.features`
/// says) and the calibrated scores and flags PyTorch/NumPy computed for them.
struct PromptClassifierGolden: Decodable {
    struct Case: Decodable {
        var text: String
        var labels: [String]
        /// The reference sentence embedding (mean pool, L2-normalised), 384 numbers.
        var embedding: [Float]
        /// The heads' input; absent in files written before `features` existed (then the embedding).
        var features: [Float]?
        var scores: [String: Double]
        var flagged: [String]

        /// What the heads read.
        var input: [Float] { features ?? embedding }
    }

    /// `mean` or `mean+max` (absent before the choice existed: `mean`).
    var featuresKind: String?
    var cases: [Case]

    enum CodingKeys: String, CodingKey {
        case cases
        case featuresKind = "features_kind"
    }

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
