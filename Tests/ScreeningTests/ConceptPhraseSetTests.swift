import Tensor
import Testing
@testable import Screening

/// Phrase sets on hand-made banks: the maximum over phrases is calibrated again, so a set of k
/// phrases still lets exactly the bank's top 2% reach 0.5.
@Suite("Concept phrase sets")
struct ConceptPhraseSetTests {
    /// 1,000 3-D unit vectors: the first 500 lean towards x (cosine to x spread over 0...0.9),
    /// the rest towards y, so phrase x and phrase y each see their own top 2%.
    static let bank: Tensor = {
        var data: [Float] = []
        for i in 0..<1000 {
            let c = Float(i % 500) / 500 * 0.9
            let s = (1 - c * c).squareRoot()
            data += i < 500 ? [c, 0, s] : [0, c, s]
        }
        return Tensor(shape: [1000, 3], data: data)
    }()

    static func calibration() throws -> ConceptCalibration {
        try ConceptCalibration(bank: bank, falsePositiveRates: [0.5, 0.1, 0.02, 0.005], scores: [0.1, 0.25, 0.5, 0.75])
    }

    @Test("a two-phrase set: each phrase alone passes 2% of the bank at 0.5, the raw max 4%, the calibrated set 2% again")
    func outerCalibration() throws {
        let calibration = try Self.calibration()
        let x: [Float] = [1, 0, 0], y: [Float] = [0, 1, 0]
        let set = try calibration.phraseSetMap(phrases: ["x", "y"], embeddings: [x, y])
        #expect(set.phrases == ["x", "y"] && set.phraseMaps.count == 2)
        #expect(set.phraseMaps[0] == (try calibration.scoreMap(for: x)))
        var rawAbove = 0, setAbove = 0
        for i in 0..<1000 {
            let row = [Double(Self.bank.data[i * 3]), Double(Self.bank.data[i * 3 + 1])]
            let raw = max(set.phraseMaps[0].score(cosine: row[0]), set.phraseMaps[1].score(cosine: row[1]))
            if raw > 0.5 { rawAbove += 1 }
            if set.match(cosines: row).score > 0.5 { setAbove += 1 }
        }
        #expect(rawAbove == 40)        // each phrase's own top 2% (20 images each, disjoint)
        #expect(setAbove == 20)        // the union calibrated back to 2%
        #expect(set.outer.knots.first == .init(cosine: 0, score: 0) && set.outer.knots.last == .init(cosine: 1, score: 1))
        for (a, b) in zip(set.outer.knots, set.outer.knots.dropFirst()) { #expect(a.cosine < b.cosine) }
    }

    @Test("the match names the phrase that scored highest, the first on a tie, and is monotone in each cosine")
    func matchNamesPhrase() throws {
        let set = try Self.calibration().phraseSetMap(phrases: ["x", "y"], embeddings: [[1, 0, 0], [0, 1, 0]])
        #expect(set.match(cosines: [0.1, 0.89]).phraseIndex == 1)
        #expect(set.match(cosines: [0.89, 0.1]).phraseIndex == 0)
        #expect(set.match(cosines: [0.5, 0.5]).phraseIndex == 0)
        var last = -1.0
        for step in 0...100 {
            let score = set.match(cosines: [Double(step) / 100, 0.2]).score
            #expect(score >= last && score >= 0 && score <= 1)
            last = score
        }
        #expect(set.match(cosines: [1, 1]).score == 1)
        #expect(set.match(cosines: [.nan, -1]).score == 0)
    }

    @Test("a one-phrase set scores as the concept alone would, up to the outer map's identity-like knots")
    func onePhrase() throws {
        let calibration = try Self.calibration()
        let set = try calibration.phraseSetMap(phrases: ["x"], embeddings: [[1, 0, 0]])
        let alone = try calibration.scoreMap(for: [1, 0, 0])
        // The outer map of one phrase has its knots at that phrase's own 0.1/0.25/0.5/0.75 (the
        // bank's quantiles of its own scores), so it is the identity there.
        for knot in set.outer.knots.dropFirst().dropLast() { #expect(abs(knot.cosine - knot.score) < 1e-9) }
        for c in stride(from: -0.2, through: 0.95, by: 0.05) {
            #expect(abs(set.match(cosines: [c]).score - alone.score(cosine: c)) < 1e-9)
        }
    }

    @Test("phrase lists are trimmed, blanks and repeats dropped, the concept first; bad input is typed")
    func phraseListsAndErrors() throws {
        #expect(ConceptScreen.phraseSet(concept: "a weapon", phrases: [" a gun", "", "a weapon", "a gun", "a sword "])
                == ["a weapon", "a gun", "a sword"])
        let calibration = try Self.calibration()
        #expect(throws: ScreeningError.self) { try calibration.phraseSetMap(phrases: [], embeddings: []) }
        #expect(throws: ScreeningError.self) { try calibration.phraseSetMap(phrases: ["x", "y"], embeddings: [[1, 0, 0]]) }
        #expect(throws: ScreeningError.embeddingDimensionMismatch(expected: 3, actual: 2)) {
            try calibration.phraseSetMap(phrases: ["x"], embeddings: [[1, 0]])
        }
    }
}
