import Tensor

/// Per-concept calibration of the image-to-concept cosine onto the policy's scale, from a bank of
/// clean image embeddings shipped with the model (mirrors Models/concept-encoder/calibration.py).
///
/// For a concept's text embedding `t`, the bank's cosines to `t`, sorted from the highest, give
/// `c_f = sorted[floor(f · N)]`: the cosine that a share `f` of clean images exceeds. The score is
/// piecewise linear through `(-1, 0)`, `(c_f, s_f)` for each configured `(f, s)` and `(1, 1)`;
/// with the shipped `f = 0.5, 0.1, 0.016, 0.005` and `s = 0.1, 0.25, 0.5, 0.75` (config.json), a
/// score of 0.5 means "as high as the top 1.6% of clean images" (2% less a margin) for every
/// concept, so a policy threshold reads as a false-positive budget on clean images. Monotone:
/// rankings are unchanged. Phrase sets: `ConceptPhraseSetMap`.
public struct ConceptCalibration: Sendable {
    /// Clean image embeddings `[N, D]`.
    public let bank: Tensor
    public let falsePositiveRates: [Double]
    public let scores: [Double]
    static let minimumGap = 1e-6

    public init(bank: Tensor, falsePositiveRates: [Double], scores: [Double]) throws(ScreeningError) {
        guard bank.rank == 2, bank.shape[0] > 0, falsePositiveRates.count == scores.count else {
            throw .invalidInput(reason: "calibration bank \(bank.shape) with \(falsePositiveRates.count) rates "
                                + "and \(scores.count) scores")
        }
        self.bank = bank
        self.falsePositiveRates = falsePositiveRates
        self.scores = scores
    }

    /// The score map of one concept, from its (L2-normalised) text embedding.
    public func scoreMap(for text: [Float]) throws(ScreeningError) -> ConceptScoreMap {
        Self.map(sortedDescending: try bankCosines(text).sorted(by: >), low: -1, high: 1,
                 falsePositiveRates: falsePositiveRates, scores: scores)
    }

    /// The bank's cosines to `text`, in bank order.
    func bankCosines(_ text: [Float]) throws(ScreeningError) -> [Double] {
        let n = bank.shape[0], d = bank.shape[1]
        guard text.count == d else { throw .embeddingDimensionMismatch(expected: d, actual: text.count) }
        var cosines = [Double](repeating: 0, count: n)
        bank.data.withUnsafeBufferPointer { b in
            for i in 0..<n {
                var dot: Float = 0
                for j in 0..<d { dot += b[i * d + j] * text[j] }
                cosines[i] = Double(dot)
            }
        }
        return cosines
    }

    /// Knots `(low, 0)`, `(v_f, s_f)` for each rate `f` (`v_f = sorted[floor(f · N)]`, kept
    /// strictly increasing), `(high, 1)`: the value a share `f` of clean images exceeds scores `s_f`.
    static func map(sortedDescending values: [Double], low: Double, high: Double,
                    falsePositiveRates: [Double], scores: [Double]) -> ConceptScoreMap {
        let n = values.count
        var knots: [ConceptScoreMap.Knot] = [.init(cosine: low, score: 0)]
        let ceiling = high - minimumGap * Double(scores.count + 1)
        for (rate, score) in zip(falsePositiveRates, scores) {
            let index = min(n - 1, Int((rate * Double(n)).rounded(.down)))
            let value = min(max(values[index], knots[knots.count - 1].cosine + minimumGap), ceiling)
            knots.append(.init(cosine: value, score: score))
        }
        knots.append(.init(cosine: high, score: 1))
        return ConceptScoreMap(knots: knots)
    }
}

/// A concept's monotone, piecewise-linear map from cosine to policy score.
public struct ConceptScoreMap: Sendable, Equatable {
    public struct Knot: Sendable, Equatable {
        public var cosine: Double
        public var score: Double
    }

    /// Strictly increasing in cosine, from (-1, 0) to (1, 1) (a phrase set's outer map: from
    /// (0, 0), its input being a score).
    public let knots: [Knot]

    /// The calibrated score of `cosine` (clamped to the first and last knot).
    public func score(cosine: Double) -> Double {
        let low = knots.first?.cosine ?? -1, high = knots.last?.cosine ?? 1
        let c = min(high, max(low, cosine.isNaN ? low : cosine))
        for (a, b) in zip(knots, knots.dropFirst()) where c <= b.cosine {
            return a.score + (b.score - a.score) * (c - a.cosine) / (b.cosine - a.cosine)
        }
        return 1
    }

    /// The cosine at which the score reaches `score` (inverse map), for explanations and tests.
    public func cosine(atScore score: Double) -> Double {
        let s = min(1, max(0, score))
        for (a, b) in zip(knots, knots.dropFirst()) where s <= b.score {
            return a.cosine + (b.cosine - a.cosine) * (s - a.score) / (b.score - a.score)
        }
        return 1
    }
}
