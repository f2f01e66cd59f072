import TextEncoder

/// What prompt screening found in one prompt: the normalised text with its map back to what the
/// caller typed, the lexicon hits, the classifier's scores, and the text encoding (whose token
/// states also condition generation: one encoder pass per request).
public struct PromptScreening: Sendable {
    /// Time spent in each screening step, in milliseconds.
    public struct Latency: Codable, Sendable, Equatable {
        public var normalizeAndMatchMs: Double
        public var encodeMs: Double
        public var classifyMs: Double
        public var totalMs: Double { normalizeAndMatchMs + encodeMs + classifyMs }

        public init(normalizeAndMatchMs: Double, encodeMs: Double, classifyMs: Double) {
            self.normalizeAndMatchMs = normalizeAndMatchMs
            self.encodeMs = encodeMs
            self.classifyMs = classifyMs
        }
    }

    /// The prompt after normalisation, with its offset map to the original.
    public var normalized: NormalizedText
    /// Lexicon hits, spans in the original prompt (UTF-16 offsets).
    public var lexiconHits: [LexiconHit]
    /// Category -> calibrated probability from the classifier.
    public var probabilities: [String: Double]
    /// Category -> score on the operating-point scale (0.5 = the category's threshold).
    public var categoryScores: [String: Double]
    /// Categories at or over their classifier threshold, in the model's order.
    public var flaggedCategories: [String]
    /// The encoder's output for the normalised prompt.
    public var encoding: TextEncoding
    /// Time per step.
    public var latency: Latency

    /// True when the encoder had to cut the prompt at its token limit (the caller is told).
    public var truncated: Bool { encoding.tokens.truncated }
}
