/// How close the prompt came to one exemplar rule's phrases (computed by the screening layer).
public struct ExemplarScore: Codable, Sendable, Equatable {
    /// Cosine similarity to the nearest phrase.
    public var similarity: Double
    /// The nearest phrase.
    public var nearest: String

    public init(similarity: Double, nearest: String) {
        self.similarity = similarity
        self.nearest = nearest
    }
}
