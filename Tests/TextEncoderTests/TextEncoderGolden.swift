import Foundation
@testable import TextEncoder

/// The model and golden vectors in Models/text-encoder (made by
/// `bash Models/text-encoder/make_model.sh`; formats in Models/text-encoder/golden/README.md).
/// `WARDEN_TEXT_ENCODER_DIR` points the tests at another copy of that folder.
enum TextEncoderGolden {
    struct FixtureError: Error, Sendable, CustomStringConvertible { var description: String }

    static let directory: URL = {
        if let override = ProcessInfo.processInfo.environment["WARDEN_TEXT_ENCODER_DIR"] {
            return URL(fileURLWithPath: override)
        }
        return URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Models/text-encoder")
    }()

    /// Loaded once for all tests (about 90 MB of Float32 weights).
    static let loadedModel: Result<MiniLMModel, FixtureError> = {
        do {
            return .success(try MiniLMModel(configurationURL: directory.appendingPathComponent("config.json"),
                                            weightsURL: directory.appendingPathComponent("model.safetensors")))
        } catch {
            return .failure(FixtureError(description: "cannot load the text encoder from \(directory.path): \(error)"))
        }
    }()

    static func model() throws -> MiniLMModel { try loadedModel.get() }

    struct TokenCase: Decodable, Sendable { var name: String; var text: String; var ids: [Int32] }
    struct EmbeddingCase: Decodable, Sendable { var name: String; var embedding: [Float] }
    struct HiddenCase: Decodable, Sendable {
        var name: String; var ids: [Int32]; var shape: [Int]
        var hidden_states: [[Float]]
    }
    private struct Cases<Case: Decodable>: Decodable { var cases: [Case] }

    static func load<Case: Decodable>(_ file: String, as: Case.Type) throws -> [Case] {
        let url = directory.appendingPathComponent("golden/\(file)")
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw FixtureError(description: "golden file missing: \(url.path)")
        }
        return try JSONDecoder().decode(Cases<Case>.self, from: data).cases
    }

    /// Every golden embedding with the token ids of the case of the same name.
    static func embeddingCases() throws -> [(name: String, ids: [Int32], embedding: [Float])] {
        let tokens = Dictionary(uniqueKeysWithValues: try load("tokens.json", as: TokenCase.self).map { ($0.name, $0) })
        return try load("embeddings.json", as: EmbeddingCase.self).map { golden in
            guard let ids = tokens[golden.name]?.ids else {
                throw FixtureError(description: "embeddings.json case \(golden.name) has no token ids in tokens.json")
            }
            return (golden.name, ids, golden.embedding)
        }
    }

    static func cosine(_ a: [Float], _ b: [Float]) -> Double {
        var dot = 0.0, na = 0.0, nb = 0.0
        for (x, y) in zip(a, b) { dot += Double(x * y); na += Double(x * x); nb += Double(y * y) }
        return dot / max((na * nb).squareRoot(), 1e-30)
    }

    static func maxAbsDifference(_ a: [Float], _ b: [Float]) -> Float {
        guard a.count == b.count else { return .infinity }
        return zip(a, b).reduce(0) { max($0, abs($1.0 - $1.1)) }
    }
}
