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
    /// The exemplar phrase nearest to the prompt; for an image concept rule with phrases, the
    /// phrase of its set that scored highest.
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
