import Foundation
import Testing
import Tensor
@testable import TextEncoder

/// Text in, embedding out: the tokenizer and the model together, against the golden vectors.
@Suite("MiniLM encoder from text")
struct MiniLMEncoderTests {
    static let loadedEncoder: Result<MiniLMEncoder, TextEncoderGolden.FixtureError> = {
        do { return .success(try MiniLMEncoder(directory: TextEncoderGolden.directory)) } catch {
            return .failure(.init(description: "cannot load \(TextEncoderGolden.directory.path): \(error)"))
        }
    }()

    @Test("golden texts encode to the golden embeddings (cosine >= 0.9999, max abs error <= 2e-3)")
    func goldenTexts() throws {
        let encoder = try Self.loadedEncoder.get()
        let texts = try TextEncoderGolden.load("tokens.json", as: TextEncoderGolden.TokenCase.self)
        let embeddings = Dictionary(uniqueKeysWithValues: try TextEncoderGolden.load(
            "embeddings.json", as: TextEncoderGolden.EmbeddingCase.self).map { ($0.name, $0.embedding) })
        let encoded = try encoder.encode(texts.map(\.text))
        #expect(encoded.count == texts.count)
        for (golden, result) in zip(texts, encoded) {
            #expect(result.tokens.ids == golden.ids, "\(golden.name): token ids differ")
            guard let expected = embeddings[golden.name] else { continue }
            #expect(TextEncoderGolden.cosine(result.embedding, expected) >= 0.9999, "\(golden.name)")
            #expect(TextEncoderGolden.maxAbsDifference(result.embedding, expected) <= 2e-3, "\(golden.name)")
            #expect(result.tokenStates.shape == [golden.ids.count, 384])
        }
    }

    @Test("empty, huge, control-character and replacement-character inputs give defined results")
    func awkwardInputs() throws {
        let encoder = try Self.loadedEncoder.get()
        let huge = String(repeating: "tiger lily meadow ", count: 6000) // about 100 kB
        let control = "a\u{0}b\u{7}c\u{1B}[31m red \u{202E}text"
        let invalidUTF8 = String(decoding: [0x66, 0x6F, 0x6F, 0xFF, 0xC0, 0x62, 0x61, 0x72], as: UTF8.self)
        let results = try encoder.encode(["", huge, control, invalidUTF8, "   \n\t "])
        #expect(results.count == 5)
        #expect(results[0].tokens.ids == [101, 102])
        #expect(results[1].tokens.truncated && results[1].tokens.ids.count == 256)
        #expect(results[1].tokens.untruncatedLength > 256)
        for r in results {
            #expect(r.embedding.count == 384 && r.embedding.allSatisfy(\.isFinite))
            #expect(r.tokenStates.shape == [r.tokens.ids.count, 384])
        }
    }

    @Test("the embedding JSON is an array of 384 numbers")
    func embeddingJSON() throws {
        let encoder = try Self.loadedEncoder.get()
        let json = try encoder.encode("a red fox on snow").embeddingJSON
        let parsed = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [Double]
        #expect(parsed?.count == 384)
    }

    @Test("a model directory without vocab.txt is a typed error")
    func missingVocabulary() throws {
        let empty = FileManager.default.temporaryDirectory.appendingPathComponent("warden-empty-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        #expect(throws: TextEncoderError.modelFileMissing(path: empty.appendingPathComponent("vocab.txt").path)) {
            try MiniLMEncoder(directory: empty)
        }
    }
}
