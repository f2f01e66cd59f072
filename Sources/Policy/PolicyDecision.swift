/// The answer of a policy for one input: the action, the rules that decided it, and the trace
/// of every rule. Its JSON is what the API's `warden` object and the audit log carry.
public struct PolicyDecision: Codable, Sendable, Equatable {
    /// The decided action.
    public var action: PolicyAction
    /// The stage decided.
    public var stage: Stage
    /// The rules whose action is the decided one (empty when the default action applied).
    public var decidingRules: [RuleOutcome]
    /// True when no rule fired and the policy's default action applied.
    public var decidedByDefault: Bool
    /// Every rule of the policy, in document order.
    public var trace: [RuleTrace]
    /// The policy's id.
    public var policyID: String
    /// The policy's declared version.
    public var policyVersion: String
    /// SHA-256 of the policy text (lowercase hex).
    public var policySHA256: String
    /// Explanations of the deciding rules, in order, without repeats.
    public var explanations: [String]
    /// Suggestions of the deciding rules, in order, without repeats.
    public var suggestions: [String]

    /// Ids of the deciding rules.
    public var decidingRuleIDs: [String] { decidingRules.map(\.ruleID) }
}
