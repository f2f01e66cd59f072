/// One concept's calibrated score for one image, and, when its rule spells the concept out in
/// phrases, the phrase that scored highest (what a refusal names, as exemplar rules name the
/// nearest example).
public struct ConceptMatch: Sendable, Equatable {
    /// The policy-scale score (0.5 = as high as the top 1.6% of clean images).
    public var score: Double
    /// The phrase of the set that scored highest (the concept itself is the set's first phrase);
    /// nil for a concept scored on its own.
    public var phrase: String?

    public init(score: Double, phrase: String? = nil) {
        self.score = score
        self.phrase = phrase
    }
}
