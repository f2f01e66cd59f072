import Policy
import Screening

/// One prompt through screening and the policy: the signals, the decision and the time taken.
public struct PromptModeration: Sendable {
    /// What screening found.
    public var screening: PromptScreening
    /// The signals the policy decided on (stored in the audit log for replay).
    public var input: PolicyInput
    /// The policy's decision with its trace.
    public var decision: PolicyDecision
    /// Milliseconds spent building exemplar scores and evaluating the policy.
    public var policyMs: Double

    /// True when the decision refuses or holds the request.
    public var refused: Bool { decision.action == .block || decision.action == .review }
}
