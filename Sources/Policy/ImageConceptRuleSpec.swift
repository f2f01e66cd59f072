/// An image concept rule as the image screening layer needs it: score `concept` for every
/// screened image and put it into `PolicyInput.imageConcepts[concept]`.
public struct ImageConceptRuleSpec: Sendable, Equatable {
    /// The rule's id.
    public let ruleID: String
    /// The concept in words: the key of `PolicyInput.imageConcepts`.
    public let concept: String
    /// The score at which the rule fires.
    public let threshold: Double
    /// The image stages it applies at.
    public let stages: [Stage]
    /// Phrases that spell the concept out (empty: the concept is scored on its own).
    public let phrases: [String]

    init(ruleID: String, concept: String, threshold: Double, stages: [Stage], phrases: [String] = []) {
        self.ruleID = ruleID
        self.concept = concept
        self.threshold = threshold
        self.stages = stages
        self.phrases = phrases
    }
}
