import Foundation
import Testing
@testable import Policy

@Suite("The documented examples compile, and documented semantics hold")
struct PolicyDocsTests {
    /// The first ```yaml block of a Markdown file in the repository.
    static func yamlBlock(_ path: String) throws -> String {
        let text = try String(contentsOf: PolicyFixtures.repositoryRoot.appendingPathComponent(path), encoding: .utf8)
        let start = try #require(text.range(of: "```yaml\n"))
        let end = try #require(text.range(of: "```", range: start.upperBound..<text.endIndex))
        return String(text[start.upperBound..<end.lowerBound])
    }

    @Test("the policy example in Sources/Policy/README.md compiles and decides as described")
    func readmeExample() throws {
        let policy = try PolicyCompiler.compile(text: try Self.yamlBlock("Sources/Policy/README.md"), source: "README.md")
        #expect(policy.rules.count == 6)
        let museum = policy.evaluate(PolicyInput(prompt: "a statue without clothes in a museum"))
        #expect(museum.action == .allow)
        #expect(museum.decidingRuleIDs == ["classical-art-nudity-exception"])
        #expect(policy.evaluate(PolicyInput(prompt: "a man without clothes")).action == .review)
        #expect(policy.evaluate(PolicyInput(prompt: "p", categoryScores: ["violence": 0.4])).action == .warn)
        #expect(policy.evaluate(PolicyInput(tenant: "kids-app", prompt: "p", categoryScores: ["violence": 0.3])).action == .block)
    }

    @Test("the test-file example in docs/policy.md loads and passes against the default policy")
    func docsTestExample() throws {
        let cases = try PolicyTestCase.load(text: try Self.yamlBlock("docs/policy.md"), source: "docs/policy.md")
        #expect(cases.count == 1)
        #expect(cases[0].input.lexiconHits.first?.matchedText == "suicide")   // derived from the prompt's UTF-16 span
        let policy = try PolicyCompiler.compile(fileAt: PolicyFixtures.defaultPolicyPath)
        let report = PolicyTestRunner.run(cases, policy: policy)
        #expect(report.allPassed, "\(report.results.map(\.summary))")
    }

    @Test("a shadow exception is traced as fired but overrides nothing")
    func shadowException() throws {
        let policy = try PolicyCompiler.compile(text: """
            id: s
            version: "1"
            default_action: allow
            rules:
              - {id: b, kind: category, category: hate, threshold: 0.5, action: block, explanation: b}
              - {id: x, kind: exception, overrides: [b], mode: shadow, explanation: x}
            """, source: "s.yaml")
        let decision = policy.evaluate(PolicyInput(prompt: "p", categoryScores: ["hate": 0.9]))
        #expect(decision.action == .block)
        #expect(decision.decidingRuleIDs == ["b"])
        #expect(decision.trace.first { $0.ruleID == "x" }?.fired == true)
        #expect(decision.trace.first { $0.ruleID == "b" }?.overriddenBy == nil)
    }
}
