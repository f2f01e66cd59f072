import Foundation
import Imaging
import Testing
import TextEncoder
@testable import Screening

/// ImageScreen joins the nudity model and the concept encoder on one image.
@Suite("Image screen")
struct ImageScreenTests {
    static let shared = Result { () throws -> ImageScreen in
        try ImageScreen.load(modelsDirectory: ConceptEncoderGolden.repositoryRoot.appendingPathComponent("Models"),
                             encoder: try ConceptEncoderGolden.sharedMiniLM.get())
    }

    static func load() throws -> ImageScreen { try shared.get() }

    @Test("screen gives each model's own scores and timings")
    func screenJoinsBothModels() throws {
        let screen = try Self.load()
        let golden = try ConceptEncoderGolden.load()
        let names = golden.concepts.map(\.concept)
        for (i, file) in golden.images.map(\.file).enumerated() {
            let image = try ConceptEncoderGolden.image(file)
            let result = try screen.screen(image, concepts: names)
            #expect(result.nudityScore == (try screen.nudity.score(image)))
            #expect(result.nudityScore >= 0 && result.nudityScore <= 1)
            #expect(result.nudityMs > 0 && result.conceptMs > 0)
            #expect(Set(result.conceptScores.keys) == Set(names))
            for concept in golden.concepts {
                let score = try #require(result.conceptScores[concept.concept])
                #expect(abs(score - concept.scores[i]) <= 2e-3, "\(file) / \(concept.concept)")
            }
        }
    }

    @Test("the default policy's phrase sets: set scores as the recipe's, the matched phrase for each set concept only")
    func screenWithPhraseSets() throws {
        let screen = try Self.load()
        let golden = try ConceptEncoderGolden.load()
        let sets = golden.phraseSets ?? []
        #expect(!sets.isEmpty)
        let phrases = Dictionary(uniqueKeysWithValues: sets.map { ($0.concept, Array($0.phrases.dropFirst())) })
        for (i, file) in golden.images.map(\.file).enumerated() {
            let result = try screen.screen(try ConceptEncoderGolden.image(file), concepts: sets.map(\.concept) + ["a pill"],
                                           phrases: phrases)
            #expect(Set(result.conceptPhrases.keys) == Set(sets.map(\.concept)))   // "a pill" has no set
            #expect(result.conceptScores["a pill"] != nil)
            for set in sets {
                let score = try #require(result.conceptScores[set.concept])
                #expect(abs(score - set.scores[i]) <= 5e-3, "\(file) / \(set.concept)")
                #expect(set.phrases.contains(result.conceptPhrases[set.concept] ?? ""))
            }
        }
    }

    @Test("no concepts asked: only the nudity score")
    func noConcepts() throws {
        let screen = try Self.load()
        let result = try screen.screen(try ConceptEncoderGolden.image("clean.png"), concepts: [])
        #expect(result.conceptScores.isEmpty)
    }

    @Test("a models folder without the concept encoder fails to load with a typed error")
    func missingConceptEncoder() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("warden-models-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.createSymbolicLink(
            at: directory.appendingPathComponent("nudity"),
            withDestinationURL: ConceptEncoderGolden.repositoryRoot.appendingPathComponent("Models/nudity"))
        #expect(throws: ScreeningError.self) {
            _ = try ImageScreen.load(modelsDirectory: directory,
                                     encoder: try ConceptEncoderGolden.sharedMiniLM.get())
        }
    }
}
