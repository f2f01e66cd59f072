import Foundation
import Tensor
import Testing
import TextEncoder
@testable import Screening

/// The heads' input pooled from the text encoder's token states (`PromptFeatures`), against
/// hand-computed values and against the PyTorch reference of `Models/prompt-classifier/golden/scores.json`.
@Suite("PromptFeatures")
struct PromptFeaturesTests {
    /// Swift's MiniLM, loaded once for the suite's end-to-end test.
    static let encoder = Result { () throws -> MiniLMEncoder in
        try MiniLMEncoder(directory: PromptClassifierGolden.modelDirectory
            .deletingLastPathComponent().appendingPathComponent("text-encoder"))
    }

    static func encoding(states: [[Float]], embedding: [Float]) -> TextEncoding {
        let tokens = TokenizedText(ids: states.indices.map { Int32($0) }, tokens: states.indices.map { "t\($0)" },
                                   truncated: false, untruncatedLength: states.count)
        return TextEncoding(tokenStates: Tensor(shape: [states.count, states[0].count], data: states.flatMap { $0 }),
                            embedding: embedding, tokens: tokens)
    }

    @Test("mean+max is the embedding followed by the L2-normalised per-dimension maximum over all tokens")
    func meanMaxByHand() throws {
        let encoding = Self.encoding(states: [[1, -2], [3, 0], [-1, 4]], embedding: [0.6, 0.8])
        #expect(try PromptFeatures.mean.vector(from: encoding) == [0.6, 0.8])
        let vector = try PromptFeatures.meanMax.vector(from: encoding)  // max [3, 4] -> [0.6, 0.8]
        #expect(vector.count == 4)
        #expect(Array(vector[0..<2]) == [0.6, 0.8])
        #expect(abs(vector[2] - 0.6) < 1e-6 && abs(vector[3] - 0.8) < 1e-6)
        #expect(PromptFeatures.meanMax.dimension(hiddenSize: 384) == 768)
        #expect(PromptFeatures.mean.dimension(hiddenSize: 384) == 384)
    }

    @Test("a single negative token keeps its sign (the maximum, not the largest magnitude)")
    func singleTokenNegative() throws {
        let encoding = Self.encoding(states: [[-3, -4]], embedding: [-0.6, -0.8])
        let vector = try PromptFeatures.meanMax.vector(from: encoding)
        #expect(abs(vector[2] + 0.6) < 1e-6 && abs(vector[3] + 0.8) < 1e-6)
    }

    @Test("token states whose width is not the embedding's are a typed error")
    func widthMismatch() {
        let encoding = Self.encoding(states: [[1, 2, 3]], embedding: [0.6, 0.8])
        #expect(throws: ScreeningError.embeddingDimensionMismatch(expected: 2, actual: 3)) {
            try PromptFeatures.meanMax.vector(from: encoding)
        }
    }

    @Test("config.json names the features the golden file was made with, and the input length fits them")
    func shippedFeatures() throws {
        let classifier = try PromptClassifier(directory: PromptClassifierGolden.modelDirectory)
        let golden = try PromptClassifierGolden.load()
        #expect(classifier.inputFeatures.rawValue == (golden.featuresKind ?? "mean"))
        #expect(classifier.embeddingDimension == classifier.inputFeatures.dimension(hiddenSize: 384))
    }

    @Test("an unknown features name or an odd mean+max input length is a configInvalid error")
    func badFeatureConfigs() throws {
        let source = PromptClassifierGolden.modelDirectory.appendingPathComponent("config.json")
        let original = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: source)) as? [String: Any])
        for (features, inputDim) in [("cls", 768), ("mean+max", 767)] {
            var object = original
            var architecture = try #require(object["architecture"] as? [String: Any])
            architecture["features"] = features
            architecture["input_dim"] = inputDim
            object["architecture"] = architecture
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("warden-feat-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            try JSONSerialization.data(withJSONObject: object).write(to: directory.appendingPathComponent("config.json"))
            try FileManager.default.copyItem(at: PromptClassifierGolden.modelDirectory.appendingPathComponent("heads.safetensors"),
                                             to: directory.appendingPathComponent("heads.safetensors"))
            do {
                _ = try PromptClassifier(directory: directory)
                Issue.record("features \(features) with input_dim \(inputDim) loaded")
            } catch {
                guard case .configInvalid = error else {
                    Issue.record("expected configInvalid, got \(error)")
                    continue
                }
            }
        }
    }

    /// Swift (fp16 weights, Warden's MiniLM port) against the PyTorch fp32 reference the heads were
    /// trained on: the pooled input within `featureTolerance` per number, the calibrated scores within
    /// `scoreTolerance`, and the same flags wherever the reference score is not within `scoreTolerance`
    /// of the threshold. Measured on the 20 golden prompts (session 5, mean+max x5 heads): largest
    /// feature difference 1.9e-4, largest score difference 9.7e-4; the tolerances leave a 5x margin.
    static let featureTolerance: Float = 1e-3
    static let scoreTolerance = 5e-3

    @Test("Swift's encoder and pooling reproduce the PyTorch golden features, scores and flags")
    func endToEndAgainstPyTorch() throws {
        let encoder = try Self.encoder.get()
        let classifier = try PromptClassifier(directory: PromptClassifierGolden.modelDirectory)
        let golden = try PromptClassifierGolden.load()
        let encodings = try encoder.encode(golden.cases.map(\.text))
        var worstFeature: Float = 0
        var worstScore = 0.0
        for (sample, encoding) in zip(golden.cases, encodings) {
            let features = try classifier.inputFeatures.vector(from: encoding)
            try #require(features.count == sample.input.count)
            for (a, b) in zip(features, sample.input) { worstFeature = max(worstFeature, abs(a - b)) }
            let result = try classifier.classify(encoding: encoding)
            for (category, expected) in sample.scores {
                let actual = try #require(result.scores[category])
                worstScore = max(worstScore, abs(actual - expected))
                let threshold = try #require(classifier.thresholds[category])
                if abs(expected - threshold) > Self.scoreTolerance {
                    #expect(result.flaggedCategories.contains(category) == sample.flagged.contains(category),
                            "\(sample.text): \(category) \(actual) vs reference \(expected), threshold \(threshold)")
                }
            }
        }
        #expect(worstFeature <= Self.featureTolerance, "largest feature difference \(worstFeature)")
        #expect(worstScore <= Self.scoreTolerance, "largest score difference \(worstScore)")
    }
}
