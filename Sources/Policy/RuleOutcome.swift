/// A rule that decided the outcome.
public struct RuleOutcome: Codable, Sendable, Equatable {
    /// The rule's id.
    public var ruleID: String
    /// Its kind.
    public var kind: String
    /// The action it contributed.
    public var action: PolicyAction
    /// What the caller is told.
    public var explanation: String
    /// What the caller can change, when the rule says.
    public var suggestion: String?
    /// For exceptions: the fired rules it overrode.
    public var overrides: [String]
    /// What matched.
    public var evidence: [RuleEvidence]
}
