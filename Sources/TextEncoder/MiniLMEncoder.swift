import Foundation
import Tensor

/// all-MiniLM-L6-v2 from text to embeddings: `WordPieceTokenizer` then `MiniLMModel`.
///
///     let encoder = try MiniLMEncoder(directory: URL(fileURLWithPath: "Models/text-encoder"))
///     let encodings = try encoder.encode(["a red fox on snow", "a lighthouse at dusk"])
///     encodings[0].embedding   // 384 floats, unit length
///     encodings[0].tokenStates // [T, 384]
///     encodings[0].tokens.truncated // true when the text did not fit in 256 tokens
///
/// Texts longer than the model's `max_seq_length` (256 tokens) are truncated as the reference
/// does, and the result says so in `tokens.truncated` / `tokens.untruncatedLength`.
public final class MiniLMEncoder: Sendable {
    /// The tokenizer (vocab.txt).
    public let tokenizer: WordPieceTokenizer
    /// The transformer (config.json + model.safetensors).
    public let model: MiniLMModel

    /// Reads config.json, model.safetensors and vocab.txt from `directory`; both files must match
    /// the SHA-256 digests config.json records (fail closed).
    public init(directory: URL) throws {
        let vocabularyURL = directory.appendingPathComponent("vocab.txt")
        guard FileManager.default.fileExists(atPath: vocabularyURL.path) else {
            throw TextEncoderError.modelFileMissing(path: vocabularyURL.path)
        }
        model = try MiniLMModel(configurationURL: directory.appendingPathComponent("config.json"),
                                weightsURL: directory.appendingPathComponent("model.safetensors"))
        guard let vocabularyDigest = model.configuration.vocabularySHA256 else {
            throw TextEncoderError.invalidConfiguration(
                file: directory.appendingPathComponent("config.json").path,
                reason: "vocab_sha256 is missing; Warden loads only a vocabulary it can verify")
        }
        do { try ModelIntegrity.verify(vocabularyURL, sha256: vocabularyDigest) } catch {
            throw TextEncoderError.integrityCheckFailed(error)
        }
        tokenizer = try WordPieceTokenizer(vocabularyURL: vocabularyURL)
        guard tokenizer.vocabulary.count == model.configuration.vocabularySize else {
            throw TextEncoderError.invalidConfiguration(
                file: directory.appendingPathComponent("config.json").path,
                reason: "vocab_size \(model.configuration.vocabularySize) but vocab.txt has \(tokenizer.vocabulary.count) tokens")
        }
    }

    /// Tokenises and encodes every text in one batch; results are in input order.
    public func encode(_ texts: [String]) throws -> [TextEncoding] {
        let tokenized = texts.map { tokenizer.encode($0, maxLength: model.configuration.maxSequenceLength) }
        let encoded = try model.encode(tokenIDs: tokenized.map(\.ids))
        return zip(tokenized, encoded).map { tokens, result in
            TextEncoding(tokenStates: result.tokenStates, embedding: result.embedding, tokens: tokens)
        }
    }

    /// Encodes one text.
    public func encode(_ text: String) throws -> TextEncoding {
        guard let first = try encode([text]).first else {
            throw TextEncoderError.invalidInput(reason: "the encoder returned no result for one text")
        }
        return first
    }
}
