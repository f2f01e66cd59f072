import Foundation
import Testing
@testable import Policy

/// The optional `phrases` list of image_concept rules: compiled, checked, diffed, and named in evidence.
@Suite("Image concept phrase sets")
struct ImageConceptPhrasesTests {
    static func document(_ rules: String) -> String {
        """
        id: phrases
        version: 1
        default_action: allow
        rules:
        \(rules)
        """
    }

    static let weapon = """
          - id: weapon-review
            kind: image_concept
            concept: a weapon
            phrases: [a gun, " a sword ", a bow and arrow]
            threshold: 0.75
            action: review
            explanation: weapon
          - id: weapon-block
            kind: image_concept
            concept: a weapon
            phrases: [a gun, a sword, a bow and arrow]
            threshold: 0.95
            action: block
            explanation: weapon
          - id: knife-review
            kind: image_concept
            concept: a knife
            threshold: 0.75
            action: review
            explanation: knife
        """

    static func compileError(_ rules: String) -> PolicyError? {
        do {
            _ = try PolicyCompiler.compile(text: document(rules), source: "p.yaml")
            return nil
        } catch {
            return error
        }
    }

    @Test("phrases compile trimmed, reach the image screening layer, and rules without them keep none")
    func compiles() throws {
        let policy = try PolicyCompiler.compile(text: Self.document(Self.weapon), source: "p.yaml")
        let specs = policy.imageConceptRules
        #expect(specs.map(\.phrases) == [["a gun", "a sword", "a bow and arrow"], ["a gun", "a sword", "a bow and arrow"], []])
        #expect(policy.imageConceptPhrases == ["a weapon": ["a gun", "a sword", "a bow and arrow"]])
        #expect(policy.imageConcepts == ["a weapon", "a knife"])
    }

    @Test("bad phrase lists are typed errors with the line of the offending value")
    func badLists() throws {
        func rule(_ phrases: String) -> String {
            """
              - id: r
                kind: image_concept
                concept: a weapon
                phrases: \(phrases)
                threshold: 0.5
                action: review
                explanation: e
            """
        }
        guard case let .invalidRule(at, reason)? = Self.compileError(rule("[]")) else {
            Issue.record("an empty list must be an invalidRule error")
            return
        }
        #expect(at.line == 8 && reason.contains("at least one phrase"))
        guard case let .wrongType(_, key, expected, _)? = Self.compileError(rule("a gun")) else {
            Issue.record("a bare text must be a wrongType error")
            return
        }
        #expect(key == "phrases" && expected == "a list of text")
        guard case let .wrongType(itemAt, itemKey, _, found)? = Self.compileError(rule("[a gun, 3]")) else {
            Issue.record("a number in the list must be a wrongType error")
            return
        }
        #expect(itemKey == "phrases item" && itemAt.line == 8 && found.contains("3"))
        #expect(throws: PolicyError.self) { try PolicyCompiler.compile(text: Self.document(rule("[a gun, {x: 1}]")), source: "p") }
        #expect(throws: PolicyError.self) { try PolicyCompiler.compile(text: Self.document(rule("[a gun, null]")), source: "p") }
        guard case let .invalidRule(_, blank)? = Self.compileError(rule("[a gun, '  ']")) else {
            Issue.record("a blank phrase must be an invalidRule error")
            return
        }
        #expect(blank.contains("empty"))
        guard case let .invalidRule(_, twice)? = Self.compileError(rule("[a gun, ' a gun']")) else {
            Issue.record("a repeated phrase must be an invalidRule error")
            return
        }
        #expect(twice.contains("twice"))
        // `phrases` belongs to image_concept rules only.
        let category = """
              - id: c
                kind: category
                category: violence
                phrases: [a gun]
                threshold: 0.5
                action: block
                explanation: e
            """
        guard case .unknownKey(_, "phrases", _, _)? = Self.compileError(category) else {
            Issue.record("phrases on a category rule must be an unknownKey error")
            return
        }
    }

    @Test("two rules naming one concept with different phrase lists (or one without) do not compile")
    func conflictingSets() throws {
        let other = Self.weapon.replacingOccurrences(of: "phrases: [a gun, a sword, a bow and arrow]",
                                                     with: "phrases: [a gun, a sword]")
        let error = try #require(Self.compileError(other))
        #expect(error == .conflictingConceptPhrases(at: SourceLocation(source: "p.yaml", line: 15, column: 14),
                                                    concept: "a weapon", rule: "weapon-block",
                                                    otherRule: "weapon-review", otherLine: 5))
        #expect(error.description.contains("same phrases"))
        let missing = Self.weapon.replacingOccurrences(of: "    phrases: [a gun, a sword, a bow and arrow]\n", with: "")
        guard case let .conflictingConceptPhrases(at, _, rule, _, _)? = Self.compileError(missing) else {
            Issue.record("a rule without the other rule's phrases must not compile")
            return
        }
        #expect(rule == "weapon-block" && at.line == 12)
    }

    @Test("PolicyDiff shows a phrase change of an image rule")
    func diff() throws {
        let old = try PolicyCompiler.compile(text: Self.document(Self.weapon), source: "old")
        let new = try PolicyCompiler.compile(
            text: Self.document(Self.weapon.replacingOccurrences(of: "a bow and arrow", with: "a crossbow")), source: "new")
        let diff = PolicyDiff(from: old, to: new)
        #expect(diff.changed.map(\.ruleID) == ["weapon-review", "weapon-block"])
        #expect(diff.changed.first?.fields == ["phrases": ["a gun | a sword | a bow and arrow", "a gun | a sword | a crossbow"]])
    }

    @Test("the evidence of a fired image rule names the phrase that matched")
    func evidenceNamesPhrase() throws {
        let policy = try PolicyCompiler.compile(text: Self.document(Self.weapon), source: "p.yaml")
        let input = PolicyInput(stage: .outputImage, imageConcepts: ["a weapon": 0.8, "a knife": 0.1],
                                imageConceptPhrases: ["a weapon": "a sword"])
        let decision = policy.evaluate(input)
        #expect(decision.action == .review)
        let evidence = try #require(decision.decidingRules.first?.evidence.first)
        #expect(evidence == RuleEvidence(kind: "image_concept", concept: "a weapon", score: 0.8, threshold: 0.75,
                                         nearest: "a sword"))
        // Stored inputs from before phrase sets still decode (no imageConceptPhrases key).
        let old = Data(#"{"stage": "output_image", "imageConcepts": {"a weapon": 0.8}}"#.utf8)
        let decoded = try JSONDecoder().decode(PolicyInput.self, from: old)
        #expect(decoded.imageConceptPhrases.isEmpty && decoded.imageConcepts == ["a weapon": 0.8])
        let roundTrip = try JSONDecoder().decode(PolicyInput.self, from: JSONEncoder().encode(input))
        #expect(roundTrip == input)
    }
}
