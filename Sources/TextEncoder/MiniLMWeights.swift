import Foundation
import Tensor

/// The weights of one encoder block, loaded by the checkpoint's own names
/// (`encoder.layer.N.attention.self.query.weight`, ...). Query, key and value are fused at load
/// time into one projection so a block runs one sgemm for all three. Projection matrices are
/// stored transposed, `[in, out]` (`LinearWeightLayout.inOut`), which OpenBLAS packs faster
/// for the few rows of a prompt.
struct MiniLMLayerWeights: Sendable {
    var qkvWeight: [Float]          // [H, 3H]: columns of query, then key, then value
    var qkvBias: [Float]            // [3H]
    var attentionOutWeight: [Float] // [H, H] (in, out)
    var attentionOutBias: [Float]   // [H]
    var attentionNormWeight: [Float], attentionNormBias: [Float] // [H]
    var intermediateWeight: [Float] // [H, F]
    var intermediateBias: [Float]   // [F]
    var outputWeight: [Float]       // [F, H]
    var outputBias: [Float]         // [H]
    var outputNormWeight: [Float], outputNormBias: [Float] // [H]
    /// The same four projections packed as half-precision panels (exact: the file holds F16),
    /// used when a call has few rows (one or a few prompts), where they halve the weight traffic.
    var qkvPacked: HalfPackedMatrix, attentionOutPacked: HalfPackedMatrix
    var intermediatePacked: HalfPackedMatrix, outputPacked: HalfPackedMatrix

    init(qkvWeight: [Float], qkvBias: [Float], attentionOutWeight: [Float], attentionOutBias: [Float],
         attentionNormWeight: [Float], attentionNormBias: [Float], intermediateWeight: [Float],
         intermediateBias: [Float], outputWeight: [Float], outputBias: [Float],
         outputNormWeight: [Float], outputNormBias: [Float], hidden h: Int, intermediate f: Int) {
        self.qkvWeight = qkvWeight
        self.qkvBias = qkvBias
        self.attentionOutWeight = attentionOutWeight
        self.attentionOutBias = attentionOutBias
        self.attentionNormWeight = attentionNormWeight
        self.attentionNormBias = attentionNormBias
        self.intermediateWeight = intermediateWeight
        self.intermediateBias = intermediateBias
        self.outputWeight = outputWeight
        self.outputBias = outputBias
        self.outputNormWeight = outputNormWeight
        self.outputNormBias = outputNormBias
        qkvPacked = HalfPackedMatrix(qkvWeight, inFeatures: h, outFeatures: 3 * h, layout: .inOut)
        attentionOutPacked = HalfPackedMatrix(attentionOutWeight, inFeatures: h, outFeatures: h, layout: .inOut)
        intermediatePacked = HalfPackedMatrix(intermediateWeight, inFeatures: h, outFeatures: f, layout: .inOut)
        outputPacked = HalfPackedMatrix(outputWeight, inFeatures: f, outFeatures: h, layout: .inOut)
    }
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
            let h = c.hiddenSize, f = c.intermediateSize
            func t(_ weight: [Float], out: Int, in inFeatures: Int) -> [Float] {
                LinearWeightLayout.transposed(weight, out: out, in: inFeatures)
            }
            layers = try (0..<c.layers).map { index in
                let p = "encoder.layer.\(index)."
                let a = p + "attention."
                return MiniLMLayerWeights(
                    qkvWeight: t(try load(a + "self.query.weight") + load(a + "self.key.weight") + load(a + "self.value.weight"),
                                 out: 3 * h, in: h),
                    qkvBias: try load(a + "self.query.bias") + load(a + "self.key.bias") + load(a + "self.value.bias"),
                    attentionOutWeight: t(try load(a + "output.dense.weight"), out: h, in: h),
                    attentionOutBias: try load(a + "output.dense.bias"),
                    attentionNormWeight: try load(a + "output.LayerNorm.weight"),
                    attentionNormBias: try load(a + "output.LayerNorm.bias"),
                    intermediateWeight: t(try load(p + "intermediate.dense.weight"), out: f, in: h),
                    intermediateBias: try load(p + "intermediate.dense.bias"),
                    outputWeight: t(try load(p + "output.dense.weight"), out: h, in: f),
                    outputBias: try load(p + "output.dense.bias"),
                    outputNormWeight: try load(p + "output.LayerNorm.weight"),
                    outputNormBias: try load(p + "output.LayerNorm.bias"),
                    hidden: h, intermediate: f)
            }
        } catch let error as TensorError {
            throw TextEncoderError.weights(error)
        }
    }
}
