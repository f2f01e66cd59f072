/// One lexicon term found in the prompt (same fields as Screening's `LexiconHit`; the lead
/// unifies the two types).
public struct LexiconHit: Codable, Sendable, Equatable {
    /// Lexicon name: the category it belongs to, e.g. "violence/graphic".
    public var lexicon: String
    /// The lexicon's entry that matched.
    public var term: String
    /// The entry's weight.
    public var weight: Double
    /// Start, UTF-16 offset in the original prompt.
    public var start: Int
    /// End (exclusive), UTF-16 offset in the original prompt.
    public var end: Int
    /// The original prompt's text in [start, end).
    public var matchedText: String

    public init(lexicon: String, term: String, weight: Double, start: Int, end: Int, matchedText: String) {
        self.lexicon = lexicon
        self.term = term
        self.weight = weight
        self.start = start
        self.end = end
        self.matchedText = matchedText
    }
}
