import Foundation
import Testing
@testable import Policy

@Suite("Default policy and its data-driven tests (Policies/tests/*.yaml)")
struct PolicyDataTests {
    @Test("every case in Policies/tests passes against Policies/default.yaml")
    func allCasesPass() throws {
        let policy = try PolicyCompiler.compile(fileAt: PolicyFixtures.defaultPolicyPath)
        let report = try PolicyTestRunner.run(directory: PolicyFixtures.testsDirectory, policy: policy)
        #expect(report.results.count >= 60)
        for result in report.results where !result.passed {
            Issue.record("\(result.summary)")
        }
        #expect(report.allPassed)
    }

    @Test("every rule of the default policy decides in at least one passing case")
    func everyRuleCovered() throws {
        let policy = try PolicyCompiler.compile(fileAt: PolicyFixtures.defaultPolicyPath)
        let report = try PolicyTestRunner.run(directory: PolicyFixtures.testsDirectory, policy: policy)
        #expect(report.uncoveredRules == [])
    }

    @Test("the default policy has a category rule for each of the 13 categories, and explanations throughout")
    func defaultCoversCategories() throws {
        let policy = try PolicyCompiler.compile(fileAt: PolicyFixtures.defaultPolicyPath)
        var categories: Set<String> = []
        for rule in policy.rules {
            if case let .category(name, _) = rule.matcher { categories.insert(name) }
            #expect(rule.explanation.count > 20, "rule \(rule.id) has a terse explanation")
        }
        #expect(categories == Set(PolicyCategory.all))
        #expect(policy.defaultAction == .allow)
        #expect(Set(policy.imageConcepts) == ["a weapon", "a knife", "blood", "a syringe", "a cigarette"])
    }

    @Test("the runner reports a wrong expectation as a failure naming what it got")
    func runnerFails() throws {
        let policy = try PolicyCompiler.compile(text: PolicyFixtures.oneRule, source: "one.yaml")
        let cases = try PolicyTestCase.load(text: """
            cases:
              - note: expects review but the rule blocks
                input: {prompt: p, scores: {hate: 0.9}}
                expect: {action: review, rule: r1}
              - note: names a rule the policy lacks
                input: {prompt: p}
                expect: {action: allow, rule: nope}
              - note: passes
                input: {prompt: p, scores: {hate: 0.9}}
                expect: {action: block, rule: r1}
            """, source: "cases.yaml")
        let report = PolicyTestRunner.run(cases, policy: policy)
        #expect(report.passedCount == 1 && report.failedCount == 2)
        #expect(report.results[0].failures == ["expected review, got block from r1"])
        #expect(report.results[1].failures == ["expected rule 'nope' is not in policy t"])
        #expect(report.uncoveredRules == [])
    }

    @Test("a test file with a misspelt key is refused with its line and column")
    func testFileTypo() {
        #expect(throws: PolicyError.unknownKey(at: SourceLocation(source: "c.yaml", line: 4, column: 5), key: "expcet",
                                               context: "a test case", allowed: ["note", "input", "expect"])) {
            try PolicyTestCase.load(text: "cases:\n  - note: n\n    input: {prompt: p}\n    expcet: {action: allow}\n",
                                    source: "c.yaml")
        }
    }
}
