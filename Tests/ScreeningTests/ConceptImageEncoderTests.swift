import Foundation
import Imaging
import Tensor
import Testing
import TextEncoder
@testable import Screening

/// The Swift concept encoder against PyTorch (golden.json), its calibration, and its failure modes.
@Suite("Concept image encoder")
struct ConceptImageEncoderTests {
    static func cosine(_ a: [Float], _ b: [Float]) -> Double {
        var dot = 0.0, na = 0.0, nb = 0.0
        for i in a.indices {
            dot += Double(a[i]) * Double(b[i]); na += Double(a[i] * a[i]); nb += Double(b[i] * b[i])
        }
        return dot / (na.squareRoot() * nb.squareRoot())
    }

    @Test("embeddings of the golden renders match PyTorch (cosine >= 0.9999, max abs error <= 1e-4)")
    func embeddingsMatchPyTorch() throws {
        let golden = try ConceptEncoderGolden.load()
        let encoder = try ConceptEncoderGolden.sharedEncoder.get()
        #expect(golden.images.count >= 5)
        for image in golden.images {
            let embedding = try encoder.embed(try ConceptEncoderGolden.image(image.file))
            #expect(embedding.count == 384)
            let maxError = zip(embedding, image.embedding).map { abs($0 - $1) }.max() ?? .infinity
            #expect(Self.cosine(embedding, image.embedding) >= 0.9999, "\(image.file)")
            #expect(maxError <= 1e-4, "\(image.file): max abs error \(maxError)")
        }
    }

    @Test("calibration knots (1e-6) and scores (1e-5) match the recipe for the default policy's concepts")
    func calibrationMatchesRecipe() throws {
        let golden = try ConceptEncoderGolden.load()
        let encoder = try ConceptEncoderGolden.sharedEncoder.get()
        for concept in golden.concepts {
            let map = try encoder.calibration.scoreMap(for: concept.embedding)
            #expect(map.knots.count == concept.knots.count)
            for (knot, reference) in zip(map.knots, concept.knots) {
                #expect(abs(knot.cosine - reference[0]) <= 1e-6, "\(concept.concept)")
                #expect(knot.score == reference[1])
            }
            // Knots agree to 1e-6 (float32 dot products summed in another order); the steepest
            // segment's slope (0.25 score over a few hundredths of cosine) turns that into ~1e-5.
            for (cosine, score) in zip(concept.cosines, concept.scores) {
                #expect(abs(map.score(cosine: cosine) - score) <= 1e-5, "\(concept.concept)")
            }
        }
    }

    @Test("ConceptScreen with Swift's MiniLM gives the recipe's calibrated scores (within 2e-3)")
    func conceptScreenEndToEnd() throws {
        let golden = try ConceptEncoderGolden.load()
        let screen = ConceptScreen(
            imageEncoder: try ConceptEncoderGolden.sharedEncoder.get(),
            textEncoder: try ConceptEncoderGolden.sharedMiniLM.get())
        let names = golden.concepts.map(\.concept)
        for (i, image) in golden.images.enumerated() {
            let scores = try screen.scores(try ConceptEncoderGolden.image(image.file), concepts: names + names)
            #expect(scores.count == names.count)
            for concept in golden.concepts {
                let score = try #require(scores[concept.concept])
                #expect(abs(score - concept.scores[i]) <= 2e-3, "\(image.file) / \(concept.concept): \(score) vs \(concept.scores[i])")
            }
        }
        #expect(throws: ScreeningError.self) { try screen.concept("   ") }
    }

    @Test("odd sizes, tiny and transparent images are screened, not rejected")
    func oddImages() throws {
        let encoder = try ConceptEncoderGolden.sharedEncoder.get()
        let shapes: [(Int, Int, UInt8)] = [(1, 1, 255), (3, 200, 255), (300, 97, 255), (64, 64, 0), (129, 129, 128)]
        for (width, height, alpha) in shapes {
            let image = try RGBAImage(width: width, height: height, fill: (red: 200, green: 30, blue: 30, alpha: alpha))
            let embedding = try encoder.embed(image)
            let norm = embedding.reduce(0) { $0 + $1 * $1 }.squareRoot()
            #expect(embedding.allSatisfy(\.isFinite) && abs(norm - 1) < 1e-4, "\(width)x\(height)")
        }
    }

    @Test("a fully transparent image is screened as white")
    func transparentIsWhite() throws {
        let encoder = try ConceptEncoderGolden.sharedEncoder.get()
        let clear = try RGBAImage(width: 64, height: 64, fill: (red: 255, green: 0, blue: 0, alpha: 0))
        let white = try RGBAImage(width: 64, height: 64, fill: (red: 255, green: 255, blue: 255, alpha: 255))
        #expect(try encoder.embed(clear) == encoder.embed(white))
    }
}
