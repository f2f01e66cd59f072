import Foundation
import Testing
@testable import Screening

@Suite("PromptClassifier")
struct PromptClassifierTests {
    static let omniModerationCategories = [
        "harassment", "harassment/threatening", "hate", "hate/threatening", "illicit", "illicit/violent",
        "self-harm", "self-harm/intent", "self-harm/instructions", "sexual", "sexual/minors", "violence",
        "violence/graphic",
    ]

    @Test("loads the trained heads with the 13 omni-moderation categories in order, each with a threshold")
    func loadsCategories() throws {
        let classifier = try PromptClassifier(directory: PromptClassifierGolden.modelDirectory)
        #expect(classifier.categories == Self.omniModerationCategories)
        #expect(classifier.embeddingDimension == classifier.inputFeatures.dimension(hiddenSize: 384))
        for category in Self.omniModerationCategories {
            let threshold = try #require(classifier.thresholds[category])
            #expect(threshold > 0 && threshold < 1)
        }
    }

    @Test("golden embeddings give the Python reference scores within 1e-4 and the same flags",
          arguments: 0..<20)
    func goldenScores(index: Int) throws {
        let golden = try PromptClassifierGolden.load()
        try #require(golden.cases.count == 20)
        let sample = golden.cases[index]
        let classifier = try PromptClassifier(directory: PromptClassifierGolden.modelDirectory)
        let result = try classifier.classify(embedding: sample.input)
        #expect(Set(result.scores.keys) == Set(Self.omniModerationCategories))
        for (category, expected) in sample.scores {
            let actual = try #require(result.scores[category])
            #expect(abs(actual - expected) <= 1e-4, "\(sample.text): \(category) \(actual) vs \(expected)")
        }
        #expect(result.flaggedCategories == sample.flagged, "\(sample.text)")
    }

    @Test("golden set holds both flagged unsafe prompts and unflagged benign ones")
    func goldenCoversBothOutcomes() throws {
        let golden = try PromptClassifierGolden.load()
        #expect(golden.cases.contains { !$0.labels.isEmpty && !$0.flagged.isEmpty })
        #expect(golden.cases.contains { $0.labels.isEmpty && $0.flagged.isEmpty })
    }

    @Test("flagged lists exactly the categories at or above their thresholds, in model order")
    func flaggedUsesThresholds() throws {
        let classifier = try PromptClassifier(directory: PromptClassifierGolden.modelDirectory)
        var scores: [String: Double] = [:]
        for category in classifier.categories {
            scores[category] = max(0, (classifier.thresholds[category] ?? 0) - 1e-6)
        }
        #expect(classifier.flagged(scores).isEmpty)
        scores["violence"] = classifier.thresholds["violence"]
        scores["hate"] = 0.999_999
        #expect(classifier.flagged(scores) == ["hate", "violence"])
    }

    @Test("an embedding of the wrong length is a typed error")
    func wrongDimension() throws {
        let classifier = try PromptClassifier(directory: PromptClassifierGolden.modelDirectory)
        #expect(throws: ScreeningError.embeddingDimensionMismatch(expected: classifier.embeddingDimension, actual: 3)) {
            try classifier.scores(embedding: [1, 0, 0])
        }
    }

    @Test("an embedding with NaN is a typed error")
    func nonFinite() throws {
        let classifier = try PromptClassifier(directory: PromptClassifierGolden.modelDirectory)
        var embedding = [Float](repeating: 0.05, count: classifier.embeddingDimension)
        embedding[7] = .nan
        #expect(throws: ScreeningError.self) { try classifier.scores(embedding: embedding) }
    }

    @Test("a missing model directory is a typed error naming config.json")
    func missingDirectory() {
        let url = URL(fileURLWithPath: "/nonexistent/prompt-classifier")
        do {
            _ = try PromptClassifier(directory: url)
            Issue.record("loading a missing directory succeeded")
        } catch {
            guard case let .modelFileUnreadable(path, _) = error else {
                Issue.record("unexpected error \(error)")
                return
            }
            #expect(path.hasSuffix("config.json"))
        }
    }
}
