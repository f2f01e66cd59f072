/// The classifier's verdict on one prompt.
public struct PromptClassification: Sendable, Equatable, Codable {
    /// Calibrated probability per category.
    public var scores: [String: Double]
    /// Categories at or over their thresholds, in the model's category order.
    public var flaggedCategories: [String]
    /// True when any category is flagged.
    public var flagged: Bool { !flaggedCategories.isEmpty }

    /// A verdict from scores and the flagged categories.
    public init(scores: [String: Double], flaggedCategories: [String]) {
        self.scores = scores
        self.flaggedCategories = flaggedCategories
    }
}
