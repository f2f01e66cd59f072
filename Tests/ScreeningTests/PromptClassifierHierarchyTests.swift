import Foundation
import Testing
@testable import Screening

/// The upward closure of flags through the taxonomy (config.json `hierarchy`, written by
/// Models/prompt-classifier/train.py; `close_upward` is true only for heads trained with --closure):
/// a flagged subcategory flags its parent.
@Suite("PromptClassifier hierarchy")
struct PromptClassifierHierarchyTests {
    static func shipped() throws -> PromptClassifier {
        try PromptClassifier(directory: PromptClassifierGolden.modelDirectory)
    }

    /// The shipped heads with `close_upward` set as given (a temporary model folder), and a cleanup.
    static func withClosure(_ closeUpward: Bool) throws -> (PromptClassifier, URL) {
        var configuration = try shipped().configuration
        let parents = try #require(configuration.hierarchy?.parents)
        configuration.hierarchy = .init(closeUpward: closeUpward, parents: parents)
        let directory = try folder(with: configuration)
        return (try PromptClassifier(directory: directory), directory)
    }

    /// Every category just below its threshold: nothing flagged.
    static func quiet(_ classifier: PromptClassifier) -> [String: Double] {
        var scores: [String: Double] = [:]
        for category in classifier.categories {
            scores[category] = max(0, (classifier.thresholds[category] ?? 0) - 1e-6)
        }
        return scores
    }

    @Test("the shipped config names the omni-moderation parents (closure off: flags per head)")
    func shippedHierarchy() throws {
        let shipped = try Self.shipped()
        let hierarchy = try #require(shipped.configuration.hierarchy)
        #expect(!hierarchy.closeUpward)
        var scores = Self.quiet(shipped)
        scores["self-harm/instructions"] = 0.999_999
        #expect(shipped.flagged(scores) == ["self-harm/instructions"])
        #expect(hierarchy.parents == [
            "harassment/threatening": "harassment", "hate/threatening": "hate", "illicit/violent": "illicit",
            "self-harm/intent": "self-harm", "self-harm/instructions": "self-harm", "sexual/minors": "sexual",
            "violence/graphic": "violence",
        ])
    }

    @Test("a subcategory at its threshold flags its parent, in model order", arguments: [
        ("self-harm/instructions", ["self-harm", "self-harm/instructions"]),
        ("self-harm/intent", ["self-harm", "self-harm/intent"]),
        ("violence/graphic", ["violence", "violence/graphic"]),
        ("sexual/minors", ["sexual", "sexual/minors"]),
    ])
    func subcategoryFlagsParent(child: String, expected: [String]) throws {
        let (classifier, directory) = try Self.withClosure(true)
        defer { try? FileManager.default.removeItem(at: directory) }
        var scores = Self.quiet(classifier)
        #expect(classifier.flagged(scores).isEmpty)
        scores[child] = classifier.thresholds[child]
        #expect(classifier.flagged(scores) == expected)
    }

    @Test("a parent alone does not flag its subcategories")
    func parentDoesNotFlagChildren() throws {
        let (classifier, directory) = try Self.withClosure(true)
        defer { try? FileManager.default.removeItem(at: directory) }
        var scores = Self.quiet(classifier)
        scores["self-harm"] = 0.999_999
        #expect(classifier.flagged(scores) == ["self-harm"])
    }

    @Test("without closure (close_upward false) flags are per head")
    func closureOff() throws {
        let (classifier, directory) = try Self.withClosure(false)
        defer { try? FileManager.default.removeItem(at: directory) }
        var scores = Self.quiet(classifier)
        scores["self-harm/instructions"] = 0.999_999
        #expect(classifier.flagged(scores) == ["self-harm/instructions"])
        #expect(classifier.closingUpward(operatingPointScores: ["self-harm": 0.1, "self-harm/instructions": 0.9])
            == ["self-harm": 0.1, "self-harm/instructions": 0.9])
    }

    @Test("operating-point scores: a parent takes a flagged child's higher score, never a sub-threshold one")
    func operatingPointClosure() throws {
        let (classifier, directory) = try Self.withClosure(true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let closed = classifier.closingUpward(operatingPointScores: [
            "self-harm": 0.2, "self-harm/intent": 0.45, "self-harm/instructions": 0.8, "violence": 0.7,
            "violence/graphic": 0.55,
        ])
        #expect(closed["self-harm"] == 0.8)
        #expect(closed["self-harm/intent"] == 0.45)
        #expect(closed["violence"] == 0.7)  // already higher than its flagged child
        let below = classifier.closingUpward(operatingPointScores: ["self-harm": 0.2, "self-harm/intent": 0.49])
        #expect(below["self-harm"] == 0.2)
    }

    @Test("a hierarchy naming an unknown category is a typed config error")
    func unknownCategory() throws {
        var configuration = try Self.shipped().configuration
        configuration.hierarchy = .init(closeUpward: true, parents: ["self-harm/diary": "self-harm"])
        let directory = try PromptClassifierHierarchyTests.folder(with: configuration)
        defer { try? FileManager.default.removeItem(at: directory) }
        do {
            _ = try PromptClassifier(directory: directory)
            Issue.record("expected configInvalid")
        } catch {
            guard case .configInvalid(_, let reason) = error else {
                Issue.record("expected configInvalid, got \(error)")
                return
            }
            #expect(reason.contains("self-harm/diary"))
        }
    }

    /// A temporary model folder with `configuration` as config.json next to the real weights.
    static func folder(with configuration: PromptClassifierConfiguration) throws -> URL {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("warden-cls-hierarchy-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            at: PromptClassifierGolden.modelDirectory.appendingPathComponent(configuration.weights.file),
            to: directory.appendingPathComponent(configuration.weights.file))
        try JSONEncoder().encode(configuration).write(to: directory.appendingPathComponent("config.json"))
        return directory
    }
}
