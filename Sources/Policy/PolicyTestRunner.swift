import Foundation

/// The outcome of one policy test case.
public struct PolicyTestResult: Sendable {
    /// The case.
    public var testCase: PolicyTestCase
    /// The policy's decision.
    public var decision: PolicyDecision
    /// Why it failed; empty when it passed.
    public var failures: [String]

    /// Whether the decision met the expectation.
    public var passed: Bool { failures.isEmpty }

    /// One line: `PASS`/`FAIL`, location, note, and what differed.
    public var summary: String {
        let head = "\(passed ? "PASS" : "FAIL") \(testCase.location) \(testCase.note)"
        return passed ? head : head + "\n    " + failures.joined(separator: "\n    ")
    }
}

/// All results of a run, with rule coverage.
public struct PolicyTestReport: Sendable {
    /// One result per case, in file then case order.
    public var results: [PolicyTestResult]
    /// Ids of the policy's rules that no passing case saw deciding.
    public var uncoveredRules: [String]

    /// Number of passing cases.
    public var passedCount: Int { results.filter(\.passed).count }
    /// Number of failing cases.
    public var failedCount: Int { results.count - passedCount }
    /// True when every case passed.
    public var allPassed: Bool { failedCount == 0 }
}

/// Runs policy test cases (`Policies/tests/*.yaml`) against a compiled policy, as
/// `warden policy test` and the PolicyTests suite do.
public enum PolicyTestRunner {
    /// Checks each case against `policy`.
    public static func run(_ cases: [PolicyTestCase], policy: CompiledPolicy) -> PolicyTestReport {
        var covered: Set<String> = []
        let results = cases.map { testCase in
            let decision = policy.evaluate(testCase.input)
            let result = PolicyTestResult(testCase: testCase, decision: decision,
                                          failures: check(testCase, decision, policy: policy))
            if result.passed { covered.formUnion(decision.decidingRuleIDs) }
            return result
        }
        let uncovered = policy.rules.map(\.id).filter { !covered.contains($0) }
        return PolicyTestReport(results: results, uncoveredRules: uncovered)
    }

    /// Loads every `*.yaml` file in `directory` (sorted by name) and runs its cases.
    public static func run(directory: String, policy: CompiledPolicy) throws(PolicyError) -> PolicyTestReport {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory)
                .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted()
        } catch {
            throw .unreadableFile(path: directory, reason: error.localizedDescription)
        }
        guard !names.isEmpty else { throw .unreadableFile(path: directory, reason: "no *.yaml test files in it") }
        var cases: [PolicyTestCase] = []
        for name in names {
            let path = (directory as NSString).appendingPathComponent(name)
            let text: String
            do {
                text = try String(contentsOfFile: path, encoding: .utf8)
            } catch {
                throw .unreadableFile(path: path, reason: error.localizedDescription)
            }
            cases += try PolicyTestCase.load(text: text, source: path)
        }
        return run(cases, policy: policy)
    }

    static func check(_ testCase: PolicyTestCase, _ decision: PolicyDecision, policy: CompiledPolicy) -> [String] {
        var failures: [String] = []
        let deciding = decision.decidingRuleIDs
        let shown = deciding.isEmpty ? "(default action)" : deciding.joined(separator: ", ")
        if decision.action != testCase.expectedAction {
            failures.append("expected \(testCase.expectedAction.rawValue), got \(decision.action.rawValue) from \(shown)")
        }
        if let rule = testCase.expectedRule {
            if policy.rule(id: rule) == nil {
                failures.append("expected rule '\(rule)' is not in policy \(policy.id)")
            } else if !deciding.contains(rule) {
                failures.append("expected rule '\(rule)' among the deciding rules, got \(shown)")
            }
        }
        for rule in testCase.forbiddenRules where deciding.contains(rule) {
            failures.append("rule '\(rule)' decided, but the case says it must not")
        }
        return failures
    }
}
