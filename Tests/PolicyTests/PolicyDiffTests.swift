import Foundation
import Testing
@testable import Policy

@Suite("PolicyDiff: what an edit changes, rule by rule")
struct PolicyDiffTests {
    @Test("added, removed and changed rules and top-level fields are reported; formatting is not")
    func diff() throws {
        let old = try PolicyCompiler.compile(text: """
            id: p
            version: "1"
            default_action: allow
            rules:
              - {id: keep, kind: category, category: hate, threshold: 0.5, action: block, explanation: e}
              - {id: gone, kind: nudity, threshold: 0.5, action: review, explanation: e}
              - {id: same, kind: regex, pattern: 'x', action: warn, explanation: e}
            """, source: "old.yaml")
        let new = try PolicyCompiler.compile(text: """
            id: p
            version: "2"
            default_action: allow
            rules:
              - {id: keep, kind: category, category: hate, threshold: 0.4, action: block, mode: shadow, explanation: e}
              # a comment, and block style instead of flow style: no change
              - id: same
                kind: regex
                pattern: 'x'
                action: warn
                explanation: e
              - {id: new, kind: image_concept, concept: a knife, threshold: 0.6, action: review, explanation: e}
            """, source: "new.yaml")
        let diff = PolicyDiff(from: old, to: new)
        #expect(diff.added == ["new"])
        #expect(diff.removed == ["gone"])
        #expect(diff.changed == [PolicyDiff.ChangedRule(ruleID: "keep", fields: ["threshold": ["0.5", "0.4"],
                                                                                 "mode": ["enforce", "shadow"]])])
        #expect(diff.policyFields == ["version": ["1", "2"]])
        #expect(!diff.isEmpty)
        #expect(PolicyDiff(from: new, to: new).isEmpty)
    }
}
