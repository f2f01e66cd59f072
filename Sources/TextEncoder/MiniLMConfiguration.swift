import Foundation

/// The architecture of a BERT-style encoder as written in `Models/text-encoder/config.json`
/// (Hugging Face key names). `MiniLMEncoder` runs the BERT encoder with post-LayerNorm blocks,
/// absolute position embeddings and exact (erf) GELU; other activations are rejected.
public struct MiniLMConfiguration: Sendable, Equatable, Decodable {
    public var vocabularySize: Int
    public var hiddenSize: Int
    public var layers: Int
    public var heads: Int
    public var intermediateSize: Int
    public var layerNormEpsilon: Float
    public var maxPositions: Int
    public var tokenTypes: Int
    /// Sequence limit the tokenizer truncates to (sentence-transformers `max_seq_length`).
    public var maxSequenceLength: Int
    public var hiddenActivation: String
    /// Hex SHA-256 of the weights file (`weights.sha256`); the loader refuses a file that does
    /// not match, and a configuration without it (fail closed).
    public var weightsSHA256: String?
    /// Hex SHA-256 of vocab.txt (`vocab_sha256`), checked the same way.
    public var vocabularySHA256: String?

    enum CodingKeys: String, CodingKey {
        case vocabularySize = "vocab_size", hiddenSize = "hidden_size", layers = "num_hidden_layers"
        case heads = "num_attention_heads", intermediateSize = "intermediate_size"
        case layerNormEpsilon = "layer_norm_eps", maxPositions = "max_position_embeddings"
        case tokenTypes = "type_vocab_size", maxSequenceLength = "max_seq_length", hiddenActivation = "hidden_act"
        case weights, vocabularySHA256 = "vocab_sha256"
    }

    enum WeightsKeys: String, CodingKey { case sha256 }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        vocabularySize = try c.decode(Int.self, forKey: .vocabularySize)
        hiddenSize = try c.decode(Int.self, forKey: .hiddenSize)
        layers = try c.decode(Int.self, forKey: .layers)
        heads = try c.decode(Int.self, forKey: .heads)
        intermediateSize = try c.decode(Int.self, forKey: .intermediateSize)
        layerNormEpsilon = try c.decodeIfPresent(Float.self, forKey: .layerNormEpsilon) ?? 1e-12
        maxPositions = try c.decode(Int.self, forKey: .maxPositions)
        tokenTypes = try c.decodeIfPresent(Int.self, forKey: .tokenTypes) ?? 2
        maxSequenceLength = try c.decodeIfPresent(Int.self, forKey: .maxSequenceLength) ?? maxPositions
        hiddenActivation = try c.decodeIfPresent(String.self, forKey: .hiddenActivation) ?? "gelu"
        if c.contains(.weights) {
            weightsSHA256 = try c.nestedContainer(keyedBy: WeightsKeys.self, forKey: .weights)
                .decodeIfPresent(String.self, forKey: .sha256)
        }
        vocabularySHA256 = try c.decodeIfPresent(String.self, forKey: .vocabularySHA256)
    }

    /// Reads and checks config.json.
    public static func load(url: URL) throws -> MiniLMConfiguration {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw TextEncoderError.modelFileMissing(path: url.path)
        }
        let configuration: MiniLMConfiguration
        do {
            configuration = try JSONDecoder().decode(MiniLMConfiguration.self, from: data)
        } catch {
            throw TextEncoderError.invalidConfiguration(file: url.path, reason: "\(error)")
        }
        try configuration.check(file: url.path)
        return configuration
    }

    func check(file: String) throws {
        func fail(_ reason: String) -> TextEncoderError { .invalidConfiguration(file: file, reason: reason) }
        guard ["gelu", "gelu_erf"].contains(hiddenActivation) else {
            throw fail("hidden_act \(hiddenActivation) is not exact GELU")
        }
        guard vocabularySize > 0, hiddenSize > 0, layers > 0, heads > 0, intermediateSize > 0,
              maxPositions > 0, tokenTypes > 0, maxSequenceLength > 0 else {
            throw fail("sizes must be positive")
        }
        guard hiddenSize % heads == 0 else { throw fail("\(heads) heads do not divide hidden size \(hiddenSize)") }
        guard maxSequenceLength <= maxPositions else {
            throw fail("max_seq_length \(maxSequenceLength) exceeds max_position_embeddings \(maxPositions)")
        }
        guard layerNormEpsilon > 0, layerNormEpsilon.isFinite else { throw fail("layer_norm_eps must be positive") }
    }

    /// Every tensor the checkpoint must hold, by its own name, with its shape.
    public var expectedTensors: [String: [Int]] {
        var names: [String: [Int]] = [
            "embeddings.word_embeddings.weight": [vocabularySize, hiddenSize],
            "embeddings.position_embeddings.weight": [maxPositions, hiddenSize],
            "embeddings.token_type_embeddings.weight": [tokenTypes, hiddenSize],
            "embeddings.LayerNorm.weight": [hiddenSize],
            "embeddings.LayerNorm.bias": [hiddenSize],
        ]
        for layer in 0..<layers {
            let p = "encoder.layer.\(layer)."
            for projection in ["query", "key", "value"] {
                names[p + "attention.self.\(projection).weight"] = [hiddenSize, hiddenSize]
                names[p + "attention.self.\(projection).bias"] = [hiddenSize]
            }
            names[p + "attention.output.dense.weight"] = [hiddenSize, hiddenSize]
            names[p + "attention.output.dense.bias"] = [hiddenSize]
            names[p + "attention.output.LayerNorm.weight"] = [hiddenSize]
            names[p + "attention.output.LayerNorm.bias"] = [hiddenSize]
            names[p + "intermediate.dense.weight"] = [intermediateSize, hiddenSize]
            names[p + "intermediate.dense.bias"] = [intermediateSize]
            names[p + "output.dense.weight"] = [hiddenSize, intermediateSize]
            names[p + "output.dense.bias"] = [hiddenSize]
            names[p + "output.LayerNorm.weight"] = [hiddenSize]
            names[p + "output.LayerNorm.bias"] = [hiddenSize]
        }
        return names
    }

    /// Multiply-add FLOPs (2 per MAC) of the matrix products for one sequence of `tokens`
    /// tokens: the projections and FFN per token, plus attention's two products.
    public func flops(tokens: Int) -> Double {
        let t = Double(tokens), h = Double(hiddenSize), f = Double(intermediateSize)
        let perLayer = 2 * t * (4 * h * h + 2 * h * f) + 2 * 2 * t * t * h
        return perLayer * Double(layers)
    }
}
