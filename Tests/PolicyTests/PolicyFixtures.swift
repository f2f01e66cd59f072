import Foundation
@testable import Policy

/// Small policy texts and paths shared by the PolicyTests suites.
enum PolicyFixtures {
    /// The repository root (this file is Tests/PolicyTests/PolicyFixtures.swift).
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static var defaultPolicyPath: String { repositoryRoot.appendingPathComponent("Policies/default.yaml").path }
    static var testsDirectory: String { repositoryRoot.appendingPathComponent("Policies/tests").path }

    /// Header of a one-rule document; the rule's `id` key is on line 5, column 5.
    static let header = """
        id: t
        version: "1"
        default_action: allow
        rules:

        """

    /// A document with `rules` (already indented as list items) after the header.
    static func document(_ rules: String) -> String { header + rules }

    /// A valid one-rule document: `- id: r1` on line 5, kind 6, category 7, threshold 8, action 9, explanation 10.
    static let oneRule = document("""
          - id: r1
            kind: category
            category: hate
            threshold: 0.5
            action: block
            explanation: x
        """)

    /// One policy exercising every rule kind, used by the evaluation tests.
    static let everyKind = """
        id: kinds
        version: "7"
        description: every rule kind
        default_action: allow
        rules:
          - id: cat
            kind: category
            category: violence
            threshold: 0.5
            action: block
            explanation: violent
            suggestion: remove the violence
          - id: lex
            kind: lexicon
            lexicon: illicit
            min_weight: 0.6
            action: review
            explanation: drugs
          - id: lex-terms
            kind: lexicon
            lexicon: hate
            terms: [only this]
            action: review
            explanation: listed term
          - id: rx-original
            kind: regex
            pattern: 'without clothes'
            target: original
            action: review
            explanation: clothes
          - id: rx-normalized
            kind: regex
            pattern: 'nude'
            target: normalized
            action: block
            explanation: nude
          - id: ex
            kind: exemplar
            phrases: [a phrase, another phrase]
            threshold: 0.8
            action: review
            explanation: close to an exemplar
          - id: concept
            kind: image_concept
            concept: a knife
            threshold: 0.6
            action: review
            explanation: knife
          - id: nude-img
            kind: nudity
            threshold: 0.7
            action: block
            stages: [output_image]
            explanation: nudity
          - id: shadowed
            kind: category
            category: hate
            threshold: 0.3
            action: block
            mode: shadow
            explanation: trial
          - id: admins-only
            kind: category
            category: illicit
            threshold: 0.2
            action: block
            when: {routes: ["/v1/images/*"], tenants: [acme], roles: [client], keys: [k1], min_size: 64, max_size: 128, min_n: 1, max_n: 2}
            explanation: conditional
          - id: allow-cat
            kind: category
            category: harassment
            threshold: 0.1
            action: allow
            explanation: explicitly allowed
          - id: exc
            kind: exception
            overrides: [cat]
            action: allow
            match: {kind: regex, pattern: 'history lesson'}
            explanation: history lessons may show violence
        """
}
