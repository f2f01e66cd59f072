import Foundation
import Synchronization

/// Drives a log with N concurrent appenders: the engine of `warden bench audit` and of the
/// crash-test child `warden audit soak`.
public enum AuditLoad {
    /// Appends `count` drafts from `concurrency` concurrent tasks. `acknowledged` is called with
    /// each record after its `append` returned (so it is durable) and the append's latency.
    public static func run(log: AuditLog, count: Int, concurrency: Int,
                           draft: @escaping @Sendable (Int) -> AuditRecordDraft = AuditLoad.syntheticDraft,
                           acknowledged: @escaping @Sendable (AuditRecord, Duration) -> Void) async throws {
        guard count >= 0, concurrency >= 1 else {
            throw AuditError.invalidInput(reason: "load needs count >= 0 and concurrency >= 1 (got \(count), \(concurrency))")
        }
        let next = TicketCounter()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<concurrency {
                group.addTask {
                    while true {
                        let index = next.take()
                        if index >= count { return }
                        let start = ContinuousClock.now
                        let record = try await log.append(draft(index))
                        acknowledged(record, ContinuousClock.now - start)
                    }
                }
            }
            try await group.waitForAll()
        }
    }

    /// A decision shaped like a real one: a prompt, 13 category scores, a stored policy input
    /// of about 1 KB, two rules, an explanation.
    @Sendable
    public static func syntheticDraft(_ index: Int) -> AuditRecordDraft {
        let categories = ["harassment", "harassment/threatening", "hate", "hate/threatening", "illicit",
                          "illicit/violent", "self-harm", "self-harm/intent", "self-harm/instructions", "sexual",
                          "sexual/minors", "violence", "violence/graphic"]
        var scores: [String: Double] = [:]
        for (offset, name) in categories.enumerated() {
            scores[name] = Double((index &* 31 &+ offset &* 17) % 1000) / 1000
        }
        let prompt = "a watercolour painting of a lighthouse at dusk, seagulls, scene \(index)"
        let blocked = (scores["violence"] ?? 0) >= 0.9
        let input: [String: AnyJSON] = [
            "stage": .string("prompt"), "route": .string("/v1/images/generations"), "keyID": .string("bench-key"),
            "prompt": .string(prompt), "normalizedPrompt": .string(prompt),
            "categoryScores": .object(scores.mapValues { .number($0) }), "lexiconHits": .array([]),
            "exemplarScores": .object([:]), "imageConcepts": .object([:]), "size": .number(256), "n": .number(1),
        ]
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let inputJSON = (try? encoder.encode(input)).map { String(decoding: $0, as: UTF8.self) }
        return AuditRecordDraft(
            apiKeyID: "bench-key", route: "/v1/images/generations", stage: "prompt", prompt: prompt,
            normalizedPrompt: prompt,
            stages: [AuditStageResult(stage: "normalize", latencyMilliseconds: 0.05),
                     AuditStageResult(stage: "classifier", scores: scores, latencyMilliseconds: 3.2),
                     AuditStageResult(stage: "policy", latencyMilliseconds: 0.02)],
            policyInputJSON: inputJSON, policyID: "default", policyVersion: "1",
            policySHA256: String(repeating: "0", count: 64), action: blocked ? "block" : "allow",
            decidingRules: blocked ? ["violence-high"] : [], explanation: blocked ? "violent content" : "",
            imageHashes: [])
    }
}

/// Hands out 0, 1, 2, ... to concurrent workers.
private final class TicketCounter: Sendable {
    private let value = Atomic<Int>(0)

    func take() -> Int { value.add(1, ordering: .relaxed).oldValue }
}
