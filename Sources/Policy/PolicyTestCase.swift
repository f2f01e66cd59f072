import Foundation
import Yams

/// One policy test case, read from a `Policies/tests/*.yaml` file (OPA-style: a note, the
/// screening signals, the expected result).
///
///     cases:
///       - note: a knife in the output image is held for review
///         input: {stage: output_image, concepts: {"a knife": 0.8}}
///         expect: {action: review, rule: image-knife-review}
public struct PolicyTestCase: Sendable {
    /// What the case checks, in words.
    public var note: String
    /// The signals.
    public var input: PolicyInput
    /// The action the policy must decide.
    public var expectedAction: PolicyAction
    /// A rule that must be among the deciding rules (nil: not checked).
    public var expectedRule: String?
    /// Rules that must not be among the deciding rules.
    public var forbiddenRules: [String]
    /// Where the case is written.
    public var location: SourceLocation

    static let caseKeys = ["note", "input", "expect"]
    static let inputKeys = ["stage", "route", "key", "tenant", "role", "size", "n", "prompt", "normalized_prompt",
                            "scores", "lexicon_hits", "exemplars", "concepts", "nudity"]
    static let expectKeys = ["action", "rule", "not_rules"]
    static let hitKeys = ["lexicon", "term", "weight", "start", "end", "matched_text"]
    static let exemplarKeys = ["similarity", "nearest"]

    /// Reads every case of one test file.
    public static func load(text: String, source: String) throws(PolicyError) -> [PolicyTestCase] {
        let root = try YAMLMapping.root(text: text, source: source, context: "the test file", allowed: ["cases"])
        guard let nodes = try root.list("cases") else {
            throw .missingKey(at: root.location, key: "cases", context: "the test file")
        }
        var cases: [PolicyTestCase] = []
        for node in nodes {
            let entry = try YAMLMapping(node: node, source: source, context: "a test case", allowed: caseKeys)
            let note = try entry.requireString("note")
            _ = try entry.require("input")
            _ = try entry.require("expect")
            guard let input = try entry.mapping("input", context: "the input of '\(note)'", allowed: inputKeys),
                  let expect = try entry.mapping("expect", context: "the expectation of '\(note)'", allowed: expectKeys)
            else { throw .missingKey(at: entry.location, key: "input", context: "test case '\(note)'") }
            _ = try expect.require("action")
            guard let action = try expect.word("action", as: PolicyAction.self) else {
                throw .missingKey(at: expect.location, key: "action", context: expect.context)
            }
            cases.append(PolicyTestCase(note: note, input: try readInput(input), expectedAction: action,
                                        expectedRule: try expect.string("rule"),
                                        forbiddenRules: try expect.stringList("not_rules") ?? [],
                                        location: entry.location))
        }
        return cases
    }

    static func readInput(_ map: YAMLMapping) throws(PolicyError) -> PolicyInput {
        let prompt = try map.string("prompt") ?? ""
        var input = PolicyInput(stage: try map.word("stage", as: Stage.self) ?? .prompt,
                                route: try map.string("route") ?? "/v1/images/generations",
                                keyID: try map.string("key"), tenant: try map.string("tenant"),
                                role: try map.string("role"), size: try map.int("size"), n: try map.int("n"),
                                prompt: prompt, normalizedPrompt: try map.string("normalized_prompt"),
                                categoryScores: try map.numberMap("scores") ?? [:],
                                imageConcepts: try map.numberMap("concepts") ?? [:],
                                nudityScore: try map.unitInterval("nudity"))
        for name in input.categoryScores.keys where !PolicyCategory.isKnown(name) {
            throw .unknownCategory(at: map.valueLocation(of: "scores"), name: name)
        }
        for node in try map.list("lexicon_hits") ?? [] {
            let hit = try YAMLMapping(node: node, source: map.source, context: "a lexicon hit", allowed: hitKeys)
            let term = try hit.requireString("term")
            let utf16 = Array(prompt.utf16)
            let start = try hit.int("start") ?? 0
            let end = try hit.int("end") ?? start + term.utf16.count
            let inside = 0 <= start && start <= end && end <= utf16.count
            let matched = try hit.string("matched_text")
                ?? (inside ? String(decoding: utf16[start..<end], as: UTF16.self) : term)
            input.lexiconHits.append(LexiconHit(lexicon: try hit.requireString("lexicon"), term: term,
                                                weight: try hit.double("weight") ?? 1, start: start, end: end,
                                                matchedText: matched))
        }
        if let exemplars = try map.mapping("exemplars", context: "'exemplars'", allowed: nil) {
            for ruleID in exemplars.keys {
                guard let score = try exemplars.mapping(ruleID, context: "exemplar score of '\(ruleID)'",
                                                        allowed: exemplarKeys) else { continue }
                input.exemplarScores[ruleID] = ExemplarScore(similarity: try score.requireUnitInterval("similarity"),
                                                             nearest: try score.string("nearest") ?? "")
            }
        }
        return input
    }
}
