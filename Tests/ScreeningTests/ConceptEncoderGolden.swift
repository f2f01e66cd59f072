import Foundation
import Imaging
import TextEncoder
@testable import Screening

/// `Models/concept-encoder/golden/golden.json` and its PNGs, written by
/// `Models/concept-encoder/.venv/bin/python Models/concept-encoder/golden.py`: six held-out renders
/// (one 256x256) with PyTorch's embedding of each, and for each concept of the default policy its
/// transformers text embedding, calibration knots, cosines and calibrated scores, and its phrase set.
struct ConceptEncoderGolden: Decodable {
    struct Image: Decodable {
        var file: String
        var embedding: [Float]
    }

    struct Concept: Decodable {
        var concept: String
        var embedding: [Float]
        var knots: [[Double]]
        var cosines: [Double]
        var scores: [Double]
    }

    /// A concept's phrase set (session 5): phrases (the concept first), each image's set score
    /// and winning phrase; for two sets also the embeddings, per-phrase and outer knots, and the
    /// raw (uncalibrated) maximum per image.
    struct PhraseSet: Decodable {
        var concept: String
        var phrases: [String]
        var scores: [Double]
        var phraseIndex: [Int]
        var embeddings: [[Float]]?
        var knots: [[[Double]]]?
        var outerKnots: [[Double]]?
        var raw: [Double]?

        enum CodingKeys: String, CodingKey {
            case concept, phrases, scores, embeddings, knots, raw
            case phraseIndex = "phrase_index", outerKnots = "outer_knots"
        }
    }

    var images: [Image]
    var concepts: [Concept]
    var phraseSets: [PhraseSet]?

    enum CodingKeys: String, CodingKey {
        case images, concepts
        case phraseSets = "phrase_sets"
    }

    static var repositoryRoot: URL {
        URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent()  // ScreeningTests
            .deletingLastPathComponent()  // Tests
            .deletingLastPathComponent()  // repository root
    }

    static var modelDirectory: URL { repositoryRoot.appendingPathComponent("Models/concept-encoder") }
    static var textEncoderDirectory: URL { repositoryRoot.appendingPathComponent("Models/text-encoder") }

    /// Models loaded once for all suites (less CPU on the shared test thread pool).
    static let sharedEncoder = Result { () throws(ScreeningError) -> ConceptImageEncoder in
        try ConceptImageEncoder.load(modelDirectory: modelDirectory)
    }
    static let sharedMiniLM = Result { () throws -> MiniLMEncoder in try MiniLMEncoder(directory: textEncoderDirectory) }

    static func load() throws -> ConceptEncoderGolden {
        let url = modelDirectory.appendingPathComponent("golden/golden.json")
        return try JSONDecoder().decode(ConceptEncoderGolden.self, from: Data(contentsOf: url))
    }

    static func image(_ file: String) throws -> RGBAImage {
        try PNGCodec.decode(Data(contentsOf: modelDirectory.appendingPathComponent("golden/\(file)")))
    }

    /// A temporary copy of the model folder, for tests that damage a file.
    static func copyOfModel() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("warden-concept-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        for name in ["config.json", "model.safetensors", "calibration.safetensors"] {
            try FileManager.default.copyItem(at: modelDirectory.appendingPathComponent(name),
                                             to: directory.appendingPathComponent(name))
        }
        return directory
    }
}
