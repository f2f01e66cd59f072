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

    /// The spans of the prompt as the caller typed it that the deciding rules (and the rules
    /// their exceptions overrode) matched, sorted by start, without repeats. Spans found in the
    /// normalised prompt are left out: map them with the normaliser's offset map first.
    public var originalPromptSpans: [RuleEvidence] {
        let overridden = Set(decidingRules.flatMap(\.overrides))
        let evidence = decidingRules.flatMap(\.evidence) + trace.filter { overridden.contains($0.ruleID) }.flatMap(\.evidence)
        var seen: Set<[Int]> = []
        return evidence
            .filter { $0.text == "original" && $0.start != nil && $0.end != nil }
            .sorted { ($0.start ?? 0, $0.end ?? 0) < ($1.start ?? 0, $1.end ?? 0) }
            .filter { seen.insert([$0.start ?? 0, $0.end ?? 0]).inserted }
    }
}
