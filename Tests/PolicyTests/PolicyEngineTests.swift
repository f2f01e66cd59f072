import Foundation
import Testing
@testable import Policy

/// Records accepted policies in memory (stands in for the audit helper's version store).
actor RecordingVersionStore: PolicyVersionRecording {
    struct Entry: Equatable { let id: String; let version: String; let sha256: String; let author: String?; let comment: String }
    private(set) var entries: [Entry] = []
    let failing: Bool
    /// Versions whose recording takes a while (the write is visible at once, the call returns later).
    let slowVersions: Set<String>

    init(failing: Bool = false, slowVersions: Set<String> = []) {
        self.failing = failing
        self.slowVersions = slowVersions
    }

    func recordAcceptedPolicy(_ policy: CompiledPolicy, author: String?, comment: String) async throws {
        if failing { throw PolicyError.invalidRule(at: SourceLocation(source: "store", line: 1, column: 1), reason: "disk full") }
        entries.append(Entry(id: policy.id, version: policy.version, sha256: policy.sha256, author: author, comment: comment))
        if slowVersions.contains(policy.version) { try await Task.sleep(for: .milliseconds(200)) }
    }
}

@Suite("PolicyEngine: atomic hot swap, invalid edits refused")
struct PolicyEngineTests {
    /// A policy of `count` rules whose ids, action and threshold all depend on `version`, so a
    /// decision mixing two versions is detectable from its trace.
    static func versioned(_ version: String, action: PolicyAction, count: Int = 40) -> String {
        var text = "id: swap\nversion: \"\(version)\"\ndefault_action: allow\nrules:\n"
        for index in 0..<count {
            text += "  - {id: \(version)-\(index), kind: category, category: hate, threshold: 0.5, action: \(action.rawValue), explanation: \(version)}\n"
        }
        return text
    }

    @Test("many tasks evaluating while another swaps never see a half policy")
    func concurrentSwap() async throws {
        let a = try PolicyCompiler.compile(text: Self.versioned("A", action: .block), source: "a.yaml")
        let b = try PolicyCompiler.compile(text: Self.versioned("B", action: .review), source: "b.yaml")
        let engine = PolicyEngine(initial: a)
        let input = PolicyInput(prompt: "p", categoryScores: ["hate": 0.9])
        let inconsistent = try await withThrowingTaskGroup(of: Int.self) { group in
            group.addTask {
                for round in 0..<2_000 { engine.swap(to: round.isMultiple(of: 2) ? b : a) }
                return 0
            }
            for _ in 0..<8 {
                group.addTask {
                    var bad = 0
                    for _ in 0..<500 {
                        let decision = engine.evaluate(input)
                        let expected: (PolicyAction, String) = decision.policyVersion == "A" ? (.block, "A") : (.review, "B")
                        let consistent = decision.action == expected.0
                            && decision.policySHA256 == (expected.1 == "A" ? a.sha256 : b.sha256)
                            && decision.trace.count == 40
                            && decision.trace.allSatisfy { $0.ruleID.hasPrefix("\(expected.1)-") }
                            && decision.decidingRules.allSatisfy { $0.explanation == expected.1 }
                        if !consistent { bad += 1 }
                    }
                    return bad
                }
            }
            return try await group.reduce(0, +)
        }
        #expect(inconsistent == 0)
    }

    @Test("an invalid edit is refused with its location and the running policy stays")
    func invalidEditRefused() async throws {
        let a = try PolicyCompiler.compile(text: Self.versioned("A", action: .block, count: 2), source: "a.yaml")
        let store = RecordingVersionStore()
        let engine = PolicyEngine(initial: a, versionStore: store)
        let broken = Self.versioned("B", action: .review, count: 2).replacingOccurrences(of: "threshold: 0.5", with: "threshold: 5")
        await #expect(throws: PolicyError.thresholdOutOfRange(at: SourceLocation(source: "admin edit", line: 5, column: 58),
                                                               key: "threshold", value: 5)) {
            try await engine.swap(toText: broken, source: "admin edit", author: "key-1")
        }
        #expect(engine.current.sha256 == a.sha256)
        #expect(engine.evaluate(PolicyInput(prompt: "p", categoryScores: ["hate": 0.9])).action == .block)
        #expect(await store.entries.isEmpty)
    }

    @Test("a valid edit is recorded in the version store, then swapped in")
    func validEditRecorded() async throws {
        let a = try PolicyCompiler.compile(text: Self.versioned("A", action: .block, count: 2), source: "a.yaml")
        let store = RecordingVersionStore()
        let engine = PolicyEngine(initial: a, versionStore: store)
        let next = try await engine.swap(toText: Self.versioned("B", action: .review, count: 2), author: "key-1", comment: "soften")
        #expect(engine.current.version == "B")
        #expect(engine.evaluate(PolicyInput(prompt: "p", categoryScores: ["hate": 0.9])).action == .review)
        #expect(await store.entries == [.init(id: "swap", version: "B", sha256: next.sha256, author: "key-1", comment: "soften")])
    }

    @Test("when the version store fails, the edit is refused and the running policy stays")
    func storeFailure() async throws {
        let a = try PolicyCompiler.compile(text: Self.versioned("A", action: .block, count: 2), source: "a.yaml")
        let engine = PolicyEngine(initial: a, versionStore: RecordingVersionStore(failing: true))
        do {
            try await engine.swap(toText: Self.versioned("B", action: .review, count: 2), author: nil)
            Issue.record("swap succeeded although the store failed")
        } catch {
            guard case .versionStoreFailed(policyID: "swap", version: "B", _) = error else {
                Issue.record("wrong error: \(error)")
                return
            }
        }
        #expect(engine.current.version == "A")
    }

    @Test("concurrent edits record and swap in call order, so the running policy is the last recorded")
    func editsSerialised() async throws {
        let a = try PolicyCompiler.compile(text: Self.versioned("A", action: .block, count: 2), source: "a.yaml")
        let store = RecordingVersionStore(slowVersions: ["B"])
        let engine = PolicyEngine(initial: a, versionStore: store)
        let slow = Task { try await engine.swap(toText: Self.versioned("B", action: .review, count: 2), author: "k1") }
        while await store.entries.isEmpty { try await Task.sleep(for: .milliseconds(5)) }
        try await engine.swap(toText: Self.versioned("C", action: .warn, count: 2), author: "k2")
        _ = try await slow.value
        #expect(await store.entries.map(\.version) == ["B", "C"])
        #expect(engine.current.version == "C")
    }
}
