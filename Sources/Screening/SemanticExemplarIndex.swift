import Foundation

/// Example phrases of a policy's semantic exemplar rule, as embeddings: a prompt matches when
/// the cosine similarity of its embedding to the nearest phrase reaches the threshold, and the
/// nearest phrase is reported (Policy's `ExemplarScore { similarity; nearest }`).
///
///     let index = try SemanticExemplarIndex(phrases: rule.phrases,
///                                           embeddings: try encoder.encode(rule.phrases).map(\.embedding),
///                                           threshold: rule.threshold)
///     let nearest = try index.nearest(to: prompt.embedding)  // phrase + similarity
///     let hit = try index.match(prompt.embedding)             // nil below the threshold
public struct SemanticExemplarIndex: Sendable {
    /// The nearest phrase to a query and its cosine similarity (-1...1).
    public struct Match: Sendable, Equatable, Codable {
        /// The example phrase, as the policy wrote it.
        public var phrase: String
        /// Cosine similarity of the query to the phrase.
        public var similarity: Double
    }

    /// The example phrases, in the order given.
    public let phrases: [String]
    /// Cosine similarity at or above which a query matches.
    public let threshold: Double
    /// Embedding length.
    public let dimension: Int
    private let unitVectors: [[Double]]  // [phrases][dimension], each of length 1

    /// An index of `phrases` with their `embeddings` (same order; any length > 0, all equal;
    /// normalised here, so un-normalised embeddings are fine).
    public init(phrases: [String], embeddings: [[Float]], threshold: Double) throws(ScreeningError) {
        guard !phrases.isEmpty else { throw .exemplarsInvalid(reason: "no phrases") }
        guard phrases.count == embeddings.count else {
            throw .exemplarsInvalid(reason: "\(phrases.count) phrases but \(embeddings.count) embeddings")
        }
        guard threshold.isFinite, (-1...1).contains(threshold) else {
            throw .exemplarsInvalid(reason: "threshold \(threshold) is not a cosine similarity in -1...1")
        }
        let dimension = embeddings[0].count
        guard dimension > 0 else { throw .exemplarsInvalid(reason: "embeddings are empty") }
        var unitVectors: [[Double]] = []
        for (phrase, embedding) in zip(phrases, embeddings) {
            guard embedding.count == dimension else {
                throw .exemplarsInvalid(reason: "phrase \"\(phrase)\" has \(embedding.count) values, expected \(dimension)")
            }
            guard let unit = Self.normalised(embedding) else {
                throw .exemplarsInvalid(reason: "phrase \"\(phrase)\" has a zero or non-finite embedding")
            }
            unitVectors.append(unit)
        }
        self.phrases = phrases
        self.threshold = threshold
        self.dimension = dimension
        self.unitVectors = unitVectors
    }

    /// The phrase nearest to `embedding` by cosine similarity (ties: the earlier phrase).
    public func nearest(to embedding: [Float]) throws(ScreeningError) -> Match {
        guard embedding.count == dimension else {
            throw .embeddingDimensionMismatch(expected: dimension, actual: embedding.count)
        }
        guard let query = Self.normalised(embedding) else {
            throw .embeddingNotFinite(context: "exemplar query is zero or holds NaN or infinity")
        }
        var best = 0
        var bestSimilarity = -Double.infinity
        for (index, vector) in unitVectors.enumerated() {
            var dot = 0.0
            for k in 0..<dimension { dot += vector[k] * query[k] }
            if dot > bestSimilarity {
                best = index
                bestSimilarity = dot
            }
        }
        return Match(phrase: phrases[best], similarity: min(1, max(-1, bestSimilarity)))
    }

    /// The nearest phrase when its similarity reaches `threshold`, else nil.
    public func match(_ embedding: [Float]) throws(ScreeningError) -> Match? {
        let nearest = try nearest(to: embedding)
        return nearest.similarity >= threshold ? nearest : nil
    }

    private static func normalised(_ vector: [Float]) -> [Double]? {
        let values = vector.map(Double.init)
        guard values.allSatisfy(\.isFinite) else { return nil }
        let norm = values.reduce(0) { $0 + $1 * $1 }.squareRoot()
        guard norm > 0 else { return nil }
        return values.map { $0 / norm }
    }
}
