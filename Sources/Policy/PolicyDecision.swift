/// What one rule saw: the signal it compared, against what. Fields that do not apply to the
/// rule's kind are nil, so the JSON stays flat and readable.
public struct RuleEvidence: Codable, Sendable, Equatable {
    /// The matcher kind: category, lexicon, regex, exemplar, image_concept, nudity.
    public var kind: String
    /// Category (category rules) or lexicon name (lexicon rules).
    public var category: String?
    /// Concept words (image concept rules).
    public var concept: String?
    /// The observed score, similarity, or weight; nil when the signal was absent.
    public var score: Double?
    /// The rule's threshold (or minimum weight).
    public var threshold: Double?
    /// The lexicon term that matched.
    public var term: String?
    /// The exemplar phrase nearest to the prompt.
    public var nearest: String?
    /// Which text a span refers to: "original" or "normalized".
    public var text: String?
    /// Span start, UTF-16 offset into `text`.
    public var start: Int?
    /// Span end (exclusive), UTF-16 offset into `text`.
    public var end: Int?
    /// The matched characters.
    public var matchedText: String?

    public init(kind: String, category: String? = nil, concept: String? = nil, score: Double? = nil,
                threshold: Double? = nil, term: String? = nil, nearest: String? = nil, text: String? = nil,
                start: Int? = nil, end: Int? = nil, matchedText: String? = nil) {
        self.kind = kind
        self.category = category
        self.concept = concept
        self.score = score
        self.threshold = threshold
        self.term = term
        self.nearest = nearest
        self.text = text
        self.start = start
        self.end = end
        self.matchedText = matchedText
    }
}

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
