import Foundation
import Policy

extension AuditRecordDraft {
    /// The draft for one policy decision: the gateway's usual way to build it. Stores `input`
    /// as JSON (sorted keys) so `ReplayEngine` can re-decide it later.
    public init(decisionID: UUID = UUID(), time: Date = Date(), input: PolicyInput, decision: PolicyDecision,
                stages: [AuditStageResult], imageHashes: [String] = []) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let inputJSON: String
        do {
            inputJSON = String(decoding: try encoder.encode(input), as: UTF8.self)
        } catch {
            throw AuditError.invalidInput(reason: "policy input of decision \(decisionID) does not encode: \(error)")
        }
        self.init(decisionID: decisionID, time: time, apiKeyID: input.keyID, route: input.route,
                  stage: decision.stage.rawValue, prompt: input.prompt, normalizedPrompt: input.normalizedPrompt,
                  stages: stages, policyInputJSON: inputJSON, policyID: decision.policyID,
                  policyVersion: decision.policyVersion, policySHA256: decision.policySHA256,
                  action: decision.action.rawValue, decidingRules: decision.decidingRuleIDs,
                  explanation: decision.explanations.joined(separator: "\n"), imageHashes: imageHashes)
    }

    /// The stored `PolicyInput`, or nil when none was stored or it no longer decodes.
    public var policyInput: PolicyInput? {
        policyInputJSON.flatMap { try? JSONDecoder().decode(PolicyInput.self, from: Data($0.utf8)) }
    }
}
