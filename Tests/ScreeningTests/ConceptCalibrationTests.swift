import Tensor
import Testing
@testable import Screening

/// The per-concept score map, on hand-made banks where the knots are known.
@Suite("Concept calibration")
struct ConceptCalibrationTests {
    /// A bank of `n` 2-D unit vectors whose cosines to (1, 0) are `cosines`.
    static func bank(_ cosines: [Double]) -> Tensor {
        Tensor(shape: [cosines.count, 2], data: cosines.flatMap { [Float($0), Float((1 - $0 * $0).squareRoot())] })
    }

    @Test("knots sit at the cosines that 50/10/2/0.5% of the bank exceed")
    func knotsFromQuantiles() throws {
        let cosines = (0..<1000).map { Double($0) / 1000 }      // 0.000 ... 0.999
        let calibration = try ConceptCalibration(bank: Self.bank(cosines), falsePositiveRates: [0.5, 0.1, 0.02, 0.005],
                                                 scores: [0.1, 0.25, 0.5, 0.75])
        let map = try calibration.scoreMap(for: [1, 0])
        let expected = [-1, 0.499, 0.899, 0.979, 0.994, 1]
        #expect(map.knots.count == expected.count)
        for (knot, cosine) in zip(map.knots, expected) { #expect(abs(knot.cosine - cosine) < 1e-6) }
        #expect(abs(map.score(cosine: 0.979) - 0.5) < 1e-6)
        // Exactly 2% of the bank scores above 0.5.
        let above = cosines.filter { map.score(cosine: Double(Float($0))) > 0.5 }.count
        #expect(above == 20)
    }

    @Test("the map is monotone, clamps, and inverts")
    func monotone() throws {
        let calibration = try ConceptCalibration(bank: Self.bank((0..<300).map { 0.2 + Double($0 % 7) / 100 }),
                                                 falsePositiveRates: [0.5, 0.1, 0.02, 0.005], scores: [0.1, 0.25, 0.5, 0.75])
        let map = try calibration.scoreMap(for: [1, 0])
        // Ties in the bank still give strictly increasing knots.
        for (a, b) in zip(map.knots, map.knots.dropFirst()) { #expect(a.cosine < b.cosine && a.score < b.score) }
        var last = -1.0
        for step in 0...400 {
            let s = map.score(cosine: -1 + Double(step) / 200)
            #expect(s >= last)
            last = s
        }
        #expect(map.score(cosine: 5) == 1 && map.score(cosine: -5) == 0 && map.score(cosine: .nan) == 0)
        for score in [0.05, 0.3, 0.5, 0.6, 0.9] {
            #expect(abs(map.score(cosine: map.cosine(atScore: score)) - score) < 1e-9)
        }
    }

    @Test("a text embedding of the wrong size is a typed error")
    func wrongDimension() throws {
        let calibration = try ConceptCalibration(bank: Self.bank([0.1, 0.2]), falsePositiveRates: [0.5], scores: [0.5])
        #expect(throws: ScreeningError.embeddingDimensionMismatch(expected: 2, actual: 3)) {
            try calibration.scoreMap(for: [1, 0, 0])
        }
    }
}
