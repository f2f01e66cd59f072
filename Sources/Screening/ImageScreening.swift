/// What image screening found in one image: the nudity model's probability and the calibrated
/// score of every concept asked for, with the time each model took. The pipeline puts
/// `nudityScore` into `PolicyInput.nudityScore` and `conceptScores` into `PolicyInput.imageConcepts`.
public struct ImageScreening: Sendable, Equatable {
    /// P(nsfw) from the open_nsfw model, in [0, 1].
    public var nudityScore: Double
    /// Concept in words -> calibrated score on the policy's scale (0.5 = as high as the top 1.6% of
    /// clean images; see `ConceptCalibration`).
    public var conceptScores: [String: Double]
    /// Milliseconds spent in the nudity model and in the concept encoder (with the concept scoring).
    public var nudityMs: Double
    public var conceptMs: Double
    /// Concept -> the phrase of its rule's phrase set that scored highest (only concepts whose
    /// rules list phrases); the policy names it in the refusal's evidence.
    public var conceptPhrases: [String: String]

    public init(nudityScore: Double, conceptScores: [String: Double], nudityMs: Double, conceptMs: Double,
                conceptPhrases: [String: String] = [:]) {
        self.conceptPhrases = conceptPhrases
        self.nudityScore = nudityScore
        self.conceptScores = conceptScores
        self.nudityMs = nudityMs
        self.conceptMs = conceptMs
    }
}
