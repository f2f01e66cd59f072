import Foundation
import Testing
import Tensor
@testable import TextEncoder

@Suite("MiniLM forward pass against the PyTorch reference")
struct MiniLMModelTests {
    @Test("every golden sentence's embedding has cosine >= 0.9999 and max abs error <= 2e-3")
    func goldenEmbeddings() throws {
        let model = try TextEncoderGolden.model()
        let cases = try TextEncoderGolden.embeddingCases()
        #expect(cases.count >= 30)
        for golden in cases {
            let encoded = try #require(try model.encode(tokenIDs: [golden.ids]).first)
            let cosine = TextEncoderGolden.cosine(encoded.embedding, golden.embedding)
            let error = TextEncoderGolden.maxAbsDifference(encoded.embedding, golden.embedding)
            #expect(cosine >= 0.9999, "\(golden.name): cosine \(cosine)")
            #expect(error <= 2e-3, "\(golden.name): max abs error \(error)")
            #expect(encoded.tokenStates.shape == [golden.ids.count, 384])
        }
    }

    @Test("per-token hidden states match the reference's last_hidden_state")
    func goldenHiddenStates() throws {
        let model = try TextEncoderGolden.model()
        let cases = try TextEncoderGolden.load("hidden_states.json", as: TextEncoderGolden.HiddenCase.self)
        #expect(!cases.isEmpty)
        for golden in cases {
            let encoded = try #require(try model.encode(tokenIDs: [golden.ids]).first)
            #expect(encoded.tokenStates.shape == golden.shape)
            // golden values are rounded to 4 decimals
            let error = TextEncoderGolden.maxAbsDifference(encoded.tokenStates.data, golden.hidden_states.flatMap { $0 })
            #expect(error <= 5e-3, "\(golden.name): max abs error \(error)")
        }
    }

    @Test("a batch of sequences of different lengths gives each sequence's single result")
    func batchedEqualsSingle() throws {
        let model = try TextEncoderGolden.model()
        let cases = try TextEncoderGolden.embeddingCases()
        let batch = try model.encode(tokenIDs: cases.map(\.ids))
        #expect(batch.count == cases.count)
        for (golden, batched) in zip(cases, batch) {
            let single = try #require(try model.encode(tokenIDs: [golden.ids]).first)
            #expect(batched.tokenStates.shape == single.tokenStates.shape)
            #expect(TextEncoderGolden.maxAbsDifference(batched.embedding, single.embedding) <= 1e-5, "\(golden.name)")
            #expect(TextEncoderGolden.maxAbsDifference(batched.tokenStates.data, single.tokenStates.data) <= 1e-4,
                    "\(golden.name)")
        }
    }

    @Test("embeddings are unit length")
    func unitLength() throws {
        let model = try TextEncoderGolden.model()
        let encoded = try model.encode(tokenIDs: [[101, 7592, 102], [101, 102]])
        for e in encoded {
            let norm = e.embedding.reduce(0) { $0 + $1 * $1 }.squareRoot()
            #expect(abs(norm - 1) < 1e-5)
        }
    }

    @Test("bad token sequences are typed errors, not crashes")
    func badSequences() throws {
        let model = try TextEncoderGolden.model()
        #expect(throws: TextEncoderError.emptySequence(sequence: 1)) {
            try model.encode(tokenIDs: [[101, 102], []])
        }
        #expect(throws: TextEncoderError.tokenIDOutOfRange(sequence: 0, position: 1, id: 30522, vocabularySize: 30522)) {
            try model.encode(tokenIDs: [[101, 30522, 102]])
        }
        #expect(throws: TextEncoderError.tokenIDOutOfRange(sequence: 0, position: 0, id: -1, vocabularySize: 30522)) {
            try model.encode(tokenIDs: [[-1]])
        }
        #expect(throws: TextEncoderError.sequenceTooLong(sequence: 0, length: 513, maximum: 512)) {
            try model.encode(tokenIDs: [[Int32](repeating: 1000, count: 513)])
        }
        #expect(try model.encode(tokenIDs: []).isEmpty)
    }

    @Test("a missing model directory is a typed error")
    func missingModel() {
        let nowhere = URL(fileURLWithPath: "/nonexistent/warden/text-encoder")
        #expect(throws: TextEncoderError.modelFileMissing(path: nowhere.appendingPathComponent("config.json").path)) {
            try MiniLMModel(configurationURL: nowhere.appendingPathComponent("config.json"),
                            weightsURL: nowhere.appendingPathComponent("model.safetensors"))
        }
    }
}
