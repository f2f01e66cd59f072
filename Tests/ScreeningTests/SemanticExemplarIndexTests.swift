import Foundation
import Testing
@testable import Screening

@Suite("SemanticExemplarIndex")
struct SemanticExemplarIndexTests {
    static let phrases = ["north", "east", "north-east"]
    static let vectors: [[Float]] = [[0, 1, 0], [1, 0, 0], [1, 1, 0]]

    @Test("reports the nearest phrase by cosine, whatever the vectors' lengths",
          arguments: [
              ([Float(0), 5, 0], "north", 1.0),
              ([Float(3), 0, 0], "east", 1.0),
              ([Float(2), 2, 0], "north-east", 1.0),
              ([Float(1), 0.2, 0], "east", 0.980_580_675_690_920_2),
          ])
    func nearest(query: [Float], phrase: String, similarity: Double) throws {
        let index = try SemanticExemplarIndex(phrases: Self.phrases, embeddings: Self.vectors, threshold: 0.9)
        let match = try index.nearest(to: query)
        #expect(match.phrase == phrase)
        #expect(abs(match.similarity - similarity) < 1e-6)
    }

    @Test("matches only at or above the threshold")
    func threshold() throws {
        let index = try SemanticExemplarIndex(phrases: Self.phrases, embeddings: Self.vectors, threshold: 0.99)
        #expect(try index.match([0, 1, 0])?.phrase == "north")
        #expect(try index.match([0, 0, 1]) == nil)  // orthogonal to every phrase
        #expect(try index.match([1, 0.2, 0]) == nil)  // nearest "east" at 0.98 < 0.99
    }

    @Test("with real MiniLM embeddings each golden prompt is its own nearest exemplar")
    func goldenEmbeddings() throws {
        let golden = try PromptClassifierGolden.load()
        let index = try SemanticExemplarIndex(phrases: golden.cases.map(\.text),
                                              embeddings: golden.cases.map(\.embedding), threshold: 0.999)
        for sample in golden.cases {
            let match = try #require(try index.match(sample.embedding))
            #expect(match.phrase == sample.text)
            #expect(match.similarity > 0.9999)
        }
    }

    @Test("rejects bad exemplar sets with typed errors",
          arguments: [
              ([String](), [[Float]](), 0.5),
              (["a"], [[Float]](), 0.5),
              (["a", "b"], [[Float(1), 0], [Float(1)]], 0.5),
              (["a"], [[Float(0), 0]], 0.5),
              (["a"], [[Float(1), 0]], 1.5),
          ])
    func rejectsBadSets(phrases: [String], embeddings: [[Float]], threshold: Double) {
        #expect(throws: ScreeningError.self) {
            try SemanticExemplarIndex(phrases: phrases, embeddings: embeddings, threshold: threshold)
        }
    }

    @Test("a query of another length is a typed error")
    func wrongQueryLength() throws {
        let index = try SemanticExemplarIndex(phrases: Self.phrases, embeddings: Self.vectors, threshold: 0.9)
        #expect(throws: ScreeningError.embeddingDimensionMismatch(expected: 3, actual: 2)) {
            try index.nearest(to: [1, 0])
        }
    }
}
