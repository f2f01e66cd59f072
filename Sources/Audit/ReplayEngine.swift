import Foundation

/// What a candidate policy decides for one stored input.
public struct ReplayOutcome: Sendable, Equatable {
    public var action: String
    public var decidingRules: [String]

    public init(action: String, decidingRules: [String]) {
        self.action = action
        self.decidingRules = decidingRules
    }
}

/// One decision whose action would change.
public struct ReplayExample: Sendable, Codable, Equatable {
    public var sequence: Int64
    public var decisionID: String
    public var prompt: String
    public var from: String
    public var to: String
    public var previousRules: [String]
    public var candidateRules: [String]
}

/// What a replay found.
public struct ReplayReport: Sendable, Codable, Equatable {
    /// Decisions re-decided.
    public var replayed: Int = 0
    /// Decisions without a stored policy input, or whose input no longer decodes.
    public var skipped: Int = 0
    /// Same action as logged.
    public var unchanged: Int = 0
    /// Different action.
    public var changed: Int = 0
    /// "from->to" -> count, e.g. "allow->block": 3.
    public var transitions: [String: Int] = [:]
    /// Up to N examples per transition, in log order.
    public var examples: [ReplayExample] = []
    /// Decision ids of every changed decision, in log order.
    public var changedDecisionIDs: [String] = []
}

/// Re-decides logged decisions from their stored `PolicyInput` with a candidate policy, and
/// reports which would change. Generic over the input type so that Audit needs nothing from
/// Policy beyond `Decodable`; `ReplayEngine+Policy.swift` adds the `CompiledPolicy` form.
public struct ReplayEngine: Sendable {
    /// A stored decision as replay reads it.
    public struct StoredDecision: Sendable {
        public var sequence: Int64
        public var decisionID: String
        public var action: String
        public var decidingRules: [String]
        public var policyInputJSON: String?
        public var prompt: String
    }

    let log: AuditLog

    public init(log: AuditLog) {
        self.log = log
    }

    /// Replays every stored decision made at or after `since` (all when nil).
    public func replay<Input: Decodable>(_ inputType: Input.Type, since: Date? = nil, examplesPerTransition: Int = 3,
                                         evaluate: (Input) throws -> ReplayOutcome) async throws -> ReplayReport {
        var report = ReplayReport()
        var examplesSoFar: [String: Int] = [:]
        var cursor: Int64 = 0
        let decoder = JSONDecoder()
        while true {
            let batch = try await log.reader.replayRows(since: since, after: cursor, limit: 1_000)
            guard let last = batch.last else { return report }
            cursor = last.sequence
            for stored in batch {
                guard let json = stored.policyInputJSON,
                      let input = try? decoder.decode(Input.self, from: Data(json.utf8)) else {
                    report.skipped += 1
                    continue
                }
                let outcome = try evaluate(input)
                report.replayed += 1
                if outcome.action == stored.action {
                    report.unchanged += 1
                    continue
                }
                report.changed += 1
                report.changedDecisionIDs.append(stored.decisionID)
                let key = "\(stored.action)->\(outcome.action)"
                report.transitions[key, default: 0] += 1
                if examplesSoFar[key, default: 0] < examplesPerTransition {
                    examplesSoFar[key, default: 0] += 1
                    report.examples.append(ReplayExample(
                        sequence: stored.sequence, decisionID: stored.decisionID, prompt: stored.prompt,
                        from: stored.action, to: outcome.action, previousRules: stored.decidingRules,
                        candidateRules: outcome.decidingRules))
                }
            }
        }
    }
}
