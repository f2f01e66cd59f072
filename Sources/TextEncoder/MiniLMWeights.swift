import Foundation
import Tensor

/// The weights of one encoder block, loaded by the checkpoint's own names
/// (`encoder.layer.N.attention.self.query.weight`, ...). Query, key and value are fused at load
/// time into one `[3·H, H]` projection so a block runs one sgemm for all three.
struct MiniLMLayerWeights: Sendable {
    var qkvWeight: [Float]          // [3H, H]: rows of query, then key, then value
    var qkvBias: [Float]            // [3H]
    var attentionOutWeight: [Float] // [H, H]
    var attentionOutBias: [Float]   // [H]
    var attentionNormWeight: [Float], attentionNormBias: [Float] // [H]
    var intermediateWeight: [Float] // [F, H]
    var intermediateBias: [Float]   // [F]
    var outputWeight: [Float]       // [H, F]
    var outputBias: [Float]         // [H]
    var outputNormWeight: [Float], outputNormBias: [Float] // [H]
}

/// All weights of the encoder, Float32 in memory (the file holds F16).
struct MiniLMWeights: Sendable {
    var wordEmbeddings: [Float]      // [V, H]
    var positionEmbeddings: [Float]  // [P, H]
    var tokenTypeEmbeddings: [Float] // [2, H]
    var embeddingNormWeight: [Float], embeddingNormBias: [Float] // [H]
    var layers: [MiniLMLayerWeights]

    /// Tensors some exports carry that the encoder does not use.
    static let ignoredPrefixes = ["pooler.", "embeddings.position_ids"]

    init(file: SafeTensorsFile, configuration c: MiniLMConfiguration) throws {
        do {
            try file.validate(expected: c.expectedTensors, ignoredPrefixes: MiniLMWeights.ignoredPrefixes)
            let shapes = c.expectedTensors
            func load(_ name: String) throws -> [Float] {
                try file.tensor(named: name, shape: shapes[name] ?? []).data
            }
            wordEmbeddings = try load("embeddings.word_embeddings.weight")
            positionEmbeddings = try load("embeddings.position_embeddings.weight")
            tokenTypeEmbeddings = try load("embeddings.token_type_embeddings.weight")
            embeddingNormWeight = try load("embeddings.LayerNorm.weight")
            embeddingNormBias = try load("embeddings.LayerNorm.bias")
            layers = try (0..<c.layers).map { index in
                let p = "encoder.layer.\(index)."
                let a = p + "attention."
                return MiniLMLayerWeights(
                    qkvWeight: try load(a + "self.query.weight") + load(a + "self.key.weight") + load(a + "self.value.weight"),
                    qkvBias: try load(a + "self.query.bias") + load(a + "self.key.bias") + load(a + "self.value.bias"),
                    attentionOutWeight: try load(a + "output.dense.weight"),
                    attentionOutBias: try load(a + "output.dense.bias"),
                    attentionNormWeight: try load(a + "output.LayerNorm.weight"),
                    attentionNormBias: try load(a + "output.LayerNorm.bias"),
                    intermediateWeight: try load(p + "intermediate.dense.weight"),
                    intermediateBias: try load(p + "intermediate.dense.bias"),
                    outputWeight: try load(p + "output.dense.weight"),
                    outputBias: try load(p + "output.dense.bias"),
                    outputNormWeight: try load(p + "output.LayerNorm.weight"),
                    outputNormBias: try load(p + "output.LayerNorm.bias"))
            }
        } catch let error as TensorError {
            throw TextEncoderError.weights(error)
        }
    }
}
