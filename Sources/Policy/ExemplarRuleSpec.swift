/// An exemplar rule as the screening layer needs it: embed `phrases` once, and for each
/// prompt put the best cosine similarity into `PolicyInput.exemplarScores[ruleID]`.
public struct ExemplarRuleSpec: Sendable, Equatable {
    /// The rule's id: the key of `PolicyInput.exemplarScores`.
    public let ruleID: String
    /// The example phrases to embed.
    public let phrases: [String]
    /// The similarity at which the rule fires.
    public let threshold: Double
}
