/// Everything the evaluation did with one rule.
public struct RuleTrace: Codable, Sendable, Equatable {
    /// The rule's id.
    public var ruleID: String
    /// The rule's kind (category, lexicon, regex, exemplar, image_concept, nudity, exception).
    public var kind: String
    /// The action the rule takes when it fires (after shadow mode: a shadow rule says warn).
    public var action: PolicyAction
    /// Whether the rule runs in shadow mode.
    public var mode: RuleMode
    /// Whether the rule applies at this stage.
    public var stageApplies: Bool
    /// Whether its request conditions (route, tenant, role, key, size, n) held.
    public var conditionsHeld: Bool
    /// The first condition that failed, in words (nil when they held).
    public var failedCondition: String?
    /// Whether its signal matched (score at or over the threshold, a term, a span ...).
    public var matched: Bool
    /// Whether it fired: applies, conditions held and matched.
    public var fired: Bool
    /// The exception that overrode this rule, when one did.
    public var overriddenBy: String?
    /// What the rule compared (also present when it did not match, with the observed score).
    public var evidence: [RuleEvidence]
}
