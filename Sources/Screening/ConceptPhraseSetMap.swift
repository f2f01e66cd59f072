import Tensor

/// The score map of a concept whose image rule spells it out in phrases ("a weapon": a gun,
/// a sword, ...; mirrors `set_knots` / `set_scores` in Models/concept-encoder/calibration.py).
///
/// Each phrase (the concept itself first) has its own `ConceptScoreMap` from the clean bank. An
/// image's raw score is the highest of its per-phrase scores; that maximum is calibrated again on
/// the same bank (`outer`, knots over [0, 1] at the same false-positive rates), so 0.5 still means
/// "as high as the top 1.6% of clean images" (config.json's rate) however many phrases the set
/// holds (a plain maximum of k phrases would let up to k times as many clean images through).
public struct ConceptPhraseSetMap: Sendable, Equatable {
    /// The phrases, the concept first, duplicates removed.
    public let phrases: [String]
    /// One map per phrase, in `phrases` order.
    public let phraseMaps: [ConceptScoreMap]
    /// Maps the highest per-phrase score onto the policy's scale.
    public let outer: ConceptScoreMap

    /// A calibrated score and the phrase that produced it.
    public struct Match: Sendable, Equatable {
        public var score: Double
        /// Index into `phrases` of the phrase that scored highest.
        public var phraseIndex: Int
    }

    public init(phrases: [String], phraseMaps: [ConceptScoreMap], outer: ConceptScoreMap) {
        self.phrases = phrases
        self.phraseMaps = phraseMaps
        self.outer = outer
    }

    /// The calibrated set score of an image whose cosines to each phrase are `cosines`
    /// (`phrases` order); the first phrase wins ties.
    public func match(cosines: [Double]) -> Match {
        var best = -Double.infinity, index = 0
        for (i, (map, cosine)) in zip(phraseMaps, cosines).enumerated() {
            let score = map.score(cosine: cosine)
            if score > best { best = score; index = i }
        }
        return Match(score: outer.score(cosine: best.isFinite ? best : 0), phraseIndex: index)
    }
}

extension ConceptCalibration {
    /// The set map of `phrases` (the concept first) from their L2-normalised text embeddings.
    public func phraseSetMap(phrases: [String], embeddings: [[Float]]) throws(ScreeningError) -> ConceptPhraseSetMap {
        guard !phrases.isEmpty, phrases.count == embeddings.count else {
            throw .invalidInput(reason: "a phrase set needs one embedding per phrase "
                                + "(\(phrases.count) phrases, \(embeddings.count) embeddings)")
        }
        var maps: [ConceptScoreMap] = []
        var cosines: [[Double]] = []
        for embedding in embeddings {
            let column = try bankCosines(embedding)
            maps.append(Self.map(sortedDescending: column.sorted(by: >), low: -1, high: 1,
                                 falsePositiveRates: falsePositiveRates, scores: scores))
            cosines.append(column)
        }
        let n = bank.shape[0]
        var raw = [Double](repeating: 0, count: n)
        for i in 0..<n {
            var best = -Double.infinity
            for (map, column) in zip(maps, cosines) { best = max(best, map.score(cosine: column[i])) }
            raw[i] = best
        }
        let outer = Self.map(sortedDescending: raw.sorted(by: >), low: 0, high: 1,
                             falsePositiveRates: falsePositiveRates, scores: scores)
        return ConceptPhraseSetMap(phrases: phrases, phraseMaps: maps, outer: outer)
    }
}
