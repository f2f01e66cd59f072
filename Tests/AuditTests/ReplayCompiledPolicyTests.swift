import Audit
import Foundation
import Policy
import Testing

/// Replay with real compiled policies: decisions logged under one policy, replayed with a stricter one.
@Suite("Replay with a compiled policy")
struct ReplayCompiledPolicyTests {
    static func policy(threshold: Double) -> String {
        """
        id: replay-test
        version: "\(threshold)"
        default_action: allow
        rules:
          - id: violence-block
            kind: category
            category: violence
            threshold: \(threshold)
            action: block
            explanation: Violent content is not generated.
        """
    }

    @Test("the stricter candidate changes exactly the decisions between the two thresholds")
    func stricterCandidate() async throws {
        let current = try PolicyCompiler.compile(text: Self.policy(threshold: 0.8), source: "current.yaml")
        let candidate = try PolicyCompiler.compile(text: Self.policy(threshold: 0.5), source: "candidate.yaml")
        let dir = try TemporaryDataDirectory()
        defer { dir.remove() }
        let log = try AuditLog.open(dataDirectory: dir.url)
        defer { log.close() }
        var expected: [String] = []
        for i in 0..<20 {
            let score = Double(i) / 20
            let input = PolicyInput(keyID: "k", prompt: "scene \(i)", categoryScores: ["violence": score])
            let decision = current.evaluate(input)
            let draft = try AuditRecordDraft(input: input, decision: decision,
                                             stages: [AuditStageResult(stage: "policy", latencyMilliseconds: 0.1)])
            #expect(draft.policyInput == input)
            let record = try await log.append(draft)
            if score >= 0.5 && score < 0.8 { expected.append(record.decisionID.uuidString.lowercased()) }
        }
        let report = try await ReplayEngine(log: log).replay(candidate: candidate)
        #expect(report.replayed == 20)
        #expect(report.changedDecisionIDs == expected)
        #expect(report.transitions == ["allow->block": expected.count])
        #expect(report.examples.first?.candidateRules == ["violence-block"])
        let same = try await ReplayEngine(log: log).replay(candidate: current)
        #expect(same.changed == 0)
    }
}
