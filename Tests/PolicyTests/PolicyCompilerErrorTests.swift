import Foundation
import Testing
@testable import Policy

/// One malformed document and where its error must point.
struct CompileErrorCase: Sendable, CustomStringConvertible {
    let name: String
    let text: String
    let line: Int
    let column: Int
    /// A piece of the message that must appear.
    let message: String
    var description: String { name }
}

@Suite("Policy compile errors name source, line and column")
struct PolicyCompilerErrorTests {
    static let cases: [CompileErrorCase] = [
        CompileErrorCase(name: "unknown rule key", text: PolicyFixtures.oneRule.replacingOccurrences(of: "threshold:", with: "treshold:"),
                         line: 8, column: 5, message: "unknown key 'treshold' in rule 'r1'; allowed keys: id, kind"),
        CompileErrorCase(name: "unknown top-level key", text: "id: t\nversion: 1\ndefault_action: allow\nrulez: []\n",
                         line: 4, column: 1, message: "unknown key 'rulez' in the policy document"),
        CompileErrorCase(name: "threshold of the wrong type", text: PolicyFixtures.oneRule.replacingOccurrences(of: "threshold: 0.5", with: "threshold: [0.5]"),
                         line: 8, column: 16, message: "'threshold' must be a number, found a list"),
        CompileErrorCase(name: "threshold given as text", text: PolicyFixtures.oneRule.replacingOccurrences(of: "threshold: 0.5", with: "threshold: high"),
                         line: 8, column: 16, message: "'threshold' must be a number, found the text 'high'"),
        CompileErrorCase(name: "unknown category", text: PolicyFixtures.oneRule.replacingOccurrences(of: "category: hate", with: "category: hates"),
                         line: 7, column: 15, message: "unknown category 'hates'; expected one of: harassment,"),
        CompileErrorCase(name: "threshold above 1", text: PolicyFixtures.oneRule.replacingOccurrences(of: "threshold: 0.5", with: "threshold: 1.5"),
                         line: 8, column: 16, message: "'threshold' is 1.5; it must be between 0 and 1"),
        CompileErrorCase(name: "threshold below 0", text: PolicyFixtures.oneRule.replacingOccurrences(of: "threshold: 0.5", with: "threshold: -0.1"),
                         line: 8, column: 16, message: "'threshold' is -0.1; it must be between 0 and 1"),
        CompileErrorCase(name: "unknown action", text: PolicyFixtures.oneRule.replacingOccurrences(of: "action: block", with: "action: deny"),
                         line: 9, column: 13, message: "'deny' is not a valid action; expected one of: allow, warn, review, block"),
        CompileErrorCase(name: "unknown rule kind", text: PolicyFixtures.oneRule.replacingOccurrences(of: "kind: category", with: "kind: vibes"),
                         line: 6, column: 11, message: "'vibes' is not a valid kind"),
        CompileErrorCase(name: "missing explanation", text: PolicyFixtures.oneRule.replacingOccurrences(of: "    explanation: x", with: ""),
                         line: 5, column: 5, message: "missing required key 'explanation' in rule 'r1'"),
        CompileErrorCase(name: "bad regular expression", text: PolicyFixtures.document("""
              - id: rx
                kind: regex
                pattern: '(unclosed'
                action: block
                explanation: x
            """), line: 7, column: 14, message: "invalid regular expression '(unclosed'"),
        CompileErrorCase(name: "exception naming an unknown rule", text: PolicyFixtures.oneRule + """

              - id: exc
                kind: exception
                overrides: [r1, r2]
                explanation: y
            """, line: 13, column: 21, message: "exception 'exc' overrides unknown rule 'r2'"),
        CompileErrorCase(name: "exception with a block action", text: PolicyFixtures.oneRule + """

              - id: exc
                kind: exception
                overrides: [r1]
                action: block
                explanation: y
            """, line: 14, column: 13, message: "'block' is not a valid exception action"),
        CompileErrorCase(name: "duplicate rule id", text: PolicyFixtures.oneRule + """

              - id: r1
                kind: nudity
                threshold: 0.5
                action: review
                explanation: y
            """, line: 11, column: 9, message: "duplicate rule id 'r1' (first defined on line 5)"),
        CompileErrorCase(name: "unknown condition key", text: PolicyFixtures.oneRule + "\n    when: {route: x}",
                         line: 11, column: 12, message: "unknown key 'route' in the conditions of rule 'r1'"),
        CompileErrorCase(name: "condition of the wrong type", text: PolicyFixtures.oneRule + "\n    when: {min_n: many}",
                         line: 11, column: 19, message: "'min_n' must be a whole number, found the text 'many'"),
        CompileErrorCase(name: "an empty size range", text: PolicyFixtures.oneRule + "\n    when: {min_size: 256, max_size: 64}",
                         line: 11, column: 22, message: "min_size 256 is greater than max_size 64, so the rule can never apply"),
        CompileErrorCase(name: "unknown stage", text: PolicyFixtures.oneRule + "\n    stages: [prompt, video]",
                         line: 11, column: 13, message: "'video' is not a valid stage"),
        CompileErrorCase(name: "unknown mode", text: PolicyFixtures.oneRule + "\n    mode: dry-run",
                         line: 11, column: 11, message: "'dry-run' is not a valid mode; expected one of: enforce, shadow"),
        CompileErrorCase(name: "YAML syntax error", text: "id: t\nversion: 1\ndefault_action: allow\nrules: [\n",
                         line: 5, column: 1, message: "YAML syntax error"),
        CompileErrorCase(name: "duplicate key", text: "id: t\nid: u\nversion: 1\ndefault_action: allow\n",
                         line: 1, column: 1, message: "key 'id' appears more than once"),
        CompileErrorCase(name: "missing version", text: "id: t\ndefault_action: allow\n",
                         line: 1, column: 1, message: "missing required key 'version' in the policy document"),
        CompileErrorCase(name: "exemplar without phrases", text: PolicyFixtures.document("""
              - id: ex
                kind: exemplar
                phrases: []
                threshold: 0.8
                action: review
                explanation: x
            """), line: 7, column: 14, message: "'phrases' must list at least one phrase"),
        CompileErrorCase(name: "rules is not a list", text: "id: t\nversion: 1\ndefault_action: allow\nrules: {a: 1}\n",
                         line: 4, column: 8, message: "'rules' must be a list, found a mapping"),
    ]

    @Test("a malformed document is refused with its line, column and message", arguments: cases)
    func refused(_ testCase: CompileErrorCase) {
        do {
            _ = try PolicyCompiler.compile(text: testCase.text, source: "edit.yaml")
            Issue.record("compiled, but should have failed: \(testCase.name)")
        } catch {
            #expect(error.location == SourceLocation(source: "edit.yaml", line: testCase.line, column: testCase.column),
                    "\(error)")
            #expect(error.description.contains(testCase.message), "\(error.description)")
            #expect(error.description.hasPrefix("edit.yaml:\(testCase.line):\(testCase.column): "))
        }
    }

    @Test("an unknown key's message lists every allowed key, exactly")
    func unknownKeyExact() {
        let text = PolicyFixtures.oneRule.replacingOccurrences(of: "threshold:", with: "treshold:")
        #expect(throws: PolicyError.unknownKey(
            at: SourceLocation(source: "p.yaml", line: 8, column: 5), key: "treshold", context: "rule 'r1'",
            allowed: ["id", "kind", "action", "mode", "stages", "when", "explanation", "suggestion", "note",
                      "category", "threshold"])) {
            try PolicyCompiler.compile(text: text, source: "p.yaml")
        }
    }

    @Test("an empty document is refused")
    func empty() {
        #expect(throws: PolicyError.self) { try PolicyCompiler.compile(text: "", source: "e.yaml") }
    }

    @Test("a missing file is an unreadable-file error naming the path")
    func missingFile() {
        do {
            _ = try PolicyCompiler.compile(fileAt: "/nonexistent/policy.yaml")
            Issue.record("compiled a missing file")
        } catch {
            guard case let .unreadableFile(path, _) = error else {
                Issue.record("wrong error \(error)")
                return
            }
            #expect(path == "/nonexistent/policy.yaml")
        }
    }

    @Test("a valid document compiles with its id, version, sha256 and text")
    func valid() throws {
        let policy = try PolicyCompiler.compile(text: PolicyFixtures.oneRule, source: "ok.yaml")
        #expect(policy.id == "t")
        #expect(policy.version == "1")
        #expect(policy.text == PolicyFixtures.oneRule)
        #expect(policy.sha256.count == 64)
        #expect(policy.rules.map(\.id) == ["r1"])
        #expect(policy.rules[0].line == 5)
        // python3 -c 'import hashlib; print(hashlib.sha256(b"id: t\nversion: \"1\"\ndefault_action: allow\nrules:\n  - id: r1\n    kind: category\n    category: hate\n    threshold: 0.5\n    action: block\n    explanation: x").hexdigest())'
        #expect(policy.sha256 == "c68adf4644d2ecf3acb4d3a9da39889e18d84799b89ad050a4f4d2689a8a407e")
        let edited = try PolicyCompiler.compile(text: PolicyFixtures.oneRule + "\n", source: "ok.yaml")
        #expect(edited.sha256 != policy.sha256)
    }
}
