import Foundation
import Testing
import TextEncoder
@testable import Screening

/// Phrase sets in Swift against the recipe (golden.json's `phrase_sets`, written by golden.py).
@Suite("Concept phrase sets against the recipe")
struct ConceptPhraseSetGoldenTests {
    static func dot(_ a: [Float], _ b: [Float]) -> Double {
        var sum: Float = 0
        for i in a.indices { sum += a[i] * b[i] }
        return Double(sum)
    }

    @Test("per-phrase knots (1e-6), outer knots (5e-5), raw maxima and set scores (1e-4) match calibration.py")
    func knotsMatchRecipe() throws {
        let golden = try ConceptEncoderGolden.load()
        let encoder = try ConceptEncoderGolden.sharedEncoder.get()
        let withKnots = (golden.phraseSets ?? []).filter { $0.knots != nil }
        #expect(withKnots.count == 2)
        for set in withKnots {
            let embeddings = try #require(set.embeddings), knots = try #require(set.knots)
            let outerKnots = try #require(set.outerKnots), raw = try #require(set.raw)
            let map = try encoder.calibration.phraseSetMap(phrases: set.phrases, embeddings: embeddings)
            for (phraseMap, reference) in zip(map.phraseMaps, knots) {
                #expect(phraseMap.knots.count == reference.count)
                for (knot, ref) in zip(phraseMap.knots, reference) {
                    #expect(abs(knot.cosine - ref[0]) <= 1e-6 && knot.score == ref[1], "\(set.concept)")
                }
            }
            for (knot, ref) in zip(map.outer.knots, outerKnots) {
                #expect(abs(knot.cosine - ref[0]) <= 5e-5 && knot.score == ref[1], "\(set.concept) outer \(knot) vs \(ref)")
            }
            for (i, image) in golden.images.enumerated() {
                let cosines = embeddings.map { Self.dot(image.embedding, $0) }
                let best = zip(map.phraseMaps, cosines).map { $0.score(cosine: $1) }.max() ?? 0
                #expect(abs(best - raw[i]) <= 1e-4, "\(set.concept) / \(image.file)")
                let match = map.match(cosines: cosines)
                #expect(abs(match.score - set.scores[i]) <= 1e-4, "\(set.concept) / \(image.file): \(match.score) vs \(set.scores[i])")
                #expect(match.phraseIndex == set.phraseIndex[i], "\(set.concept) / \(image.file)")
            }
        }
    }

    @Test("ConceptScreen with Swift's MiniLM gives the recipe's set scores (within 5e-3) and names a phrase that ties for best")
    func screenEndToEnd() throws {
        let golden = try ConceptEncoderGolden.load()
        let screen = ConceptScreen(imageEncoder: try ConceptEncoderGolden.sharedEncoder.get(),
                                   textEncoder: try ConceptEncoderGolden.sharedMiniLM.get())
        #expect((golden.phraseSets ?? []).count == 5)
        let concepts = (golden.phraseSets ?? []).map(\.concept)
        let phrases = Dictionary(uniqueKeysWithValues: (golden.phraseSets ?? []).map { ($0.concept, Array($0.phrases.dropFirst())) })
        for (i, image) in golden.images.enumerated() {
            let embedding = try screen.imageEncoder.embed(try ConceptEncoderGolden.image(image.file))
            let matches = try screen.matches(embedding: embedding, concepts: concepts + concepts, phrases: phrases)
            #expect(matches.count == concepts.count)
            for set in (golden.phraseSets ?? []) {
                let match = try #require(matches[set.concept])
                #expect(abs(match.score - set.scores[i]) <= 5e-3, "\(image.file) / \(set.concept): \(match.score) vs \(set.scores[i])")
                // The phrase Swift names scores (per phrase, Swift's maps) within 5e-3 of the recipe's phrase.
                let map = try screen.phraseSetMap(concept: set.concept, phrases: phrases[set.concept] ?? [])
                #expect(map.phrases == set.phrases)
                let named = try #require(match.phrase.flatMap { map.phrases.firstIndex(of: $0) })
                let expected = set.phraseIndex[i]
                let perPhrase = try map.phrases.map { try Self.dot(embedding, screen.concept($0).embedding) }
                let scoreOf = { (j: Int) in map.phraseMaps[j].score(cosine: perPhrase[j]) }
                #expect(named == expected || abs(scoreOf(named) - scoreOf(expected)) <= 5e-3,
                        "\(image.file) / \(set.concept): \(map.phrases[named]) vs \(map.phrases[expected])")
            }
            // A concept without phrases is scored on its own, exactly as `scores` does.
            let plain = try screen.matches(embedding: embedding, concepts: ["a knife"], phrases: [:])
            #expect(plain["a knife"] == ConceptMatch(score: try screen.scores(embedding: embedding, concepts: ["a knife"])["a knife"] ?? -1))
        }
    }
}
