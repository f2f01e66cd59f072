import Foundation
import Screening

/// One input's answer in OpenAI omni-moderation's shape (`flagged`, `categories`,
/// `category_scores`), plus Warden's own fields: the verdict, lexicon hits and latency.
public struct ModerationResult: Codable, Sendable, Equatable {
    /// Latency of each step in milliseconds.
    public struct Latency: Codable, Sendable, Equatable {
        public var normalizeAndMatch: Double
        public var encode: Double
        public var classify: Double
        public var policy: Double
        public var total: Double

        enum CodingKeys: String, CodingKey {
            case normalizeAndMatch = "normalize_and_match", encode, classify, policy, total
        }
    }

    /// True when any category is over its operating point or the policy blocks or holds it.
    public var flagged: Bool
    /// Category -> over its operating point.
    public var categories: [String: Bool]
    /// Category -> score on the operating-point scale (0.5 = the category's threshold).
    public var categoryScores: [String: Double]
    /// The prompt as Warden read it after normalisation.
    public var normalizedInput: String
    /// True when the prompt was cut at the encoder's token limit.
    public var truncated: Bool
    /// Lexicon hits with spans in the input as typed.
    public var lexiconHits: [LexiconHit]
    /// The policy's verdict.
    public var warden: WardenVerdict
    public var latencyMs: Latency

    enum CodingKeys: String, CodingKey {
        case flagged, categories, categoryScores = "category_scores", normalizedInput = "normalized_input"
        case truncated, lexiconHits = "lexicon_hits", warden, latencyMs = "latency_ms"
    }

    public init(decisionID: String, moderation: PromptModeration) {
        let screening = moderation.screening
        var categories: [String: Bool] = [:]
        for category in screening.categoryScores.keys {
            categories[category] = screening.flaggedCategories.contains(category)
        }
        self.flagged = !screening.flaggedCategories.isEmpty || moderation.refused
        self.categories = categories
        self.categoryScores = screening.categoryScores
        self.normalizedInput = screening.normalized.text
        self.truncated = screening.truncated
        self.lexiconHits = screening.lexiconHits
        self.warden = WardenVerdict(decisionID: decisionID, moderation: moderation)
        let l = screening.latency
        self.latencyMs = Latency(normalizeAndMatch: l.normalizeAndMatchMs, encode: l.encodeMs,
                                 classify: l.classifyMs, policy: moderation.policyMs,
                                 total: l.totalMs + moderation.policyMs)
    }
}
