/// One lexicon term found in a prompt, located in the prompt the user typed.
public struct LexiconHit: Codable, Sendable, Equatable, Hashable {
    /// The category whose lexicon holds the term, e.g. "violence/graphic".
    public var lexicon: String
    /// The term as written in the lexicon file.
    public var term: String
    /// The term's weight, 0-1 (1: the term alone signals the category).
    public var weight: Double
    /// First UTF-16 offset of the match in the ORIGINAL prompt.
    public var start: Int
    /// One past the last UTF-16 offset of the match in the ORIGINAL prompt.
    public var end: Int
    /// The original prompt's text between `start` and `end` (what the user typed).
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
