import Foundation
import Imaging
import Synchronization
import TextEncoder

/// Scores an image against concepts in words: cosine between the concept encoder's image embedding
/// and MiniLM's embedding of the concept text, calibrated per concept (`ConceptCalibration`).
///
///     let screen = ConceptScreen(imageEncoder: encoder, textEncoder: minilm)
///     let scores = try screen.scores(image, concepts: policy.imageConceptRules.map(\.concept))
///     scores["a knife"]   // 0.5 = as high as the top 1.6% of clean images
///
/// Each concept's text embedding and score map are computed once and cached (a policy names a
/// handful of concepts; the cache is emptied if it ever holds more than `cacheLimit`). A rule
/// that spells its concept out in phrases is scored by `matches(embedding:concepts:phrases:)`
/// (ConceptScreen+PhraseSets.swift).
public final class ConceptScreen: Sendable {
    public let imageEncoder: ConceptImageEncoder
    public let textEncoder: MiniLMEncoder
    public static let cacheLimit = 1024
    private let cache = Mutex<[String: Concept]>([:])
    /// Phrase-set maps by `ConceptScreen.phraseSetKey` (ConceptScreen+PhraseSets.swift).
    let phraseSetCache = Mutex<[String: ConceptPhraseSetMap]>([:])

    /// A concept's text embedding and its score map.
    public struct Concept: Sendable {
        public var text: String
        public var embedding: [Float]
        public var scoreMap: ConceptScoreMap
    }

    public init(imageEncoder: ConceptImageEncoder, textEncoder: MiniLMEncoder) {
        self.imageEncoder = imageEncoder
        self.textEncoder = textEncoder
    }

    /// The cached embedding and score map of `concept` (computed on first use).
    public func concept(_ concept: String) throws(ScreeningError) -> Concept {
        if let hit = cache.withLock({ $0[concept] }) { return hit }
        let trimmed = concept.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw .conceptInvalid(concept: concept, reason: "the concept text is empty") }
        let embedding: [Float]
        do {
            embedding = try textEncoder.encode(trimmed).embedding
        } catch {
            throw .conceptInvalid(concept: concept, reason: "the text encoder failed: \(error)")
        }
        guard embedding.allSatisfy(\.isFinite) else {
            throw .conceptInvalid(concept: concept, reason: "its text embedding is not finite")
        }
        let entry = Concept(text: trimmed, embedding: embedding,
                            scoreMap: try imageEncoder.calibration.scoreMap(for: embedding))
        cache.withLock { cached in
            if cached.count >= Self.cacheLimit { cached.removeAll() }
            cached[concept] = entry
        }
        return entry
    }

    /// Calibrated scores of an image embedding for every concept (duplicates collapse).
    public func scores(embedding: [Float], concepts: [String]) throws(ScreeningError) -> [String: Double] {
        var out: [String: Double] = [:]
        for name in concepts where out[name] == nil {
            let c = try concept(name)
            out[name] = c.scoreMap.score(cosine: try Self.cosine(embedding, c.embedding))
        }
        return out
    }

    /// The cosine of an image embedding and a text embedding (both L2-normalised, one dimension).
    static func cosine(_ image: [Float], _ text: [Float]) throws(ScreeningError) -> Double {
        guard text.count == image.count else {
            throw .embeddingDimensionMismatch(expected: text.count, actual: image.count)
        }
        var dot: Float = 0
        for i in image.indices { dot += image[i] * text[i] }
        return Double(dot)
    }

    /// Embeds `image` and scores it for every concept.
    public func scores(_ image: RGBAImage, concepts: [String]) throws(ScreeningError) -> [String: Double] {
        try scores(embedding: imageEncoder.embed(image), concepts: concepts)
    }
}
