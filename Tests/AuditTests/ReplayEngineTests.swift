import Audit
import Foundation
import Testing

@Suite("Replay engine")
struct ReplayEngineTests {
    /// The policy the log was written with: block violence >= 0.8.
    static func current(_ input: ToyInput) -> ReplayOutcome {
        input.violence >= 0.8 ? ReplayOutcome(action: "block", decidingRules: ["violence-high"])
            : ReplayOutcome(action: "allow", decidingRules: [])
    }

    /// A candidate: block violence >= 0.6, review hate >= 0.5.
    static func candidate(_ input: ToyInput) -> ReplayOutcome {
        if input.violence >= 0.6 { return ReplayOutcome(action: "block", decidingRules: ["violence-high"]) }
        if input.hate >= 0.5 { return ReplayOutcome(action: "review", decidingRules: ["hate-review"]) }
        return ReplayOutcome(action: "allow", decidingRules: [])
    }

    @Test("replay finds exactly the decisions a candidate policy changes")
    func findsExactlyTheChanged() async throws {
        let dir = try TemporaryDataDirectory()
        defer { dir.remove() }
        let log = try AuditLog.open(dataDirectory: dir.url)
        defer { log.close() }
        let base = Date(timeIntervalSince1970: 1_800_000_000)
        var expectedChanged: [String] = []
        for i in 0..<40 {
            let input = ToyInput(violence: Double(i % 10) / 10, hate: i % 7 == 0 ? 0.6 : 0.1)
            let decided = Self.current(input)
            let record = try await log.append(Drafts.make(prompt: "p\(i)", action: decided.action, rules: decided.decidingRules,
                                                          time: base.addingTimeInterval(Double(i)), input: input))
            if Self.candidate(input).action != decided.action {
                expectedChanged.append(record.decisionID.uuidString.lowercased())
            }
        }
        _ = try await log.append(Drafts.make(prompt: "no stored input"))
        let report = try await ReplayEngine(log: log).replay(ToyInput.self, examplesPerTransition: 2, evaluate: Self.candidate)
        #expect(report.replayed == 40)
        #expect(report.skipped == 1)
        #expect(report.changedDecisionIDs == expectedChanged)
        #expect(report.changed == expectedChanged.count)
        #expect(report.unchanged == 40 - expectedChanged.count)
        #expect(report.transitions.values.reduce(0, +) == report.changed)
        #expect(Set(report.transitions.keys) == ["allow->block", "allow->review"])
        #expect(report.examples.count == 4)
        #expect(report.examples.allSatisfy { $0.from != $0.to })

        // The same policy changes nothing; `since` narrows the window.
        let same = try await ReplayEngine(log: log).replay(ToyInput.self, evaluate: Self.current)
        #expect(same.changed == 0)
        let recent = try await ReplayEngine(log: log).replay(ToyInput.self, since: base.addingTimeInterval(30),
                                                             evaluate: Self.candidate)
        #expect(recent.replayed == 10)
    }
}
