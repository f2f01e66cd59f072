import Foundation
import Policy

extension ReplayEngine {
    /// Re-decides every stored `PolicyInput` (at or after `since`) with `candidate` and reports
    /// what would change against the logged action.
    public func replay(candidate: CompiledPolicy, since: Date? = nil, examplesPerTransition: Int = 3) async throws -> ReplayReport {
        try await replay(PolicyInput.self, since: since, examplesPerTransition: examplesPerTransition) { input in
            let decision = candidate.evaluate(input)
            return ReplayOutcome(action: decision.action.rawValue, decidingRules: decision.decidingRuleIDs)
        }
    }
}
