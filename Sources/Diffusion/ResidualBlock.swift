/// `unet.py`'s `ResBlock`: GN -> SiLU -> conv3x3 -> + Linear(SiLU(emb)) -> GN -> SiLU -> conv3x3,
/// plus the input (through a 1x1 conv when the channel count changes).
struct ResidualBlock: Sendable {
    var norm1: NormWeights
    var conv1: ConvWeights
    var embeddingProjection: LinearWeights
    var norm2: NormWeights
    var conv2: ConvWeights
    var skip: ConvWeights?
    var groups: Int
    var epsilon: Float

    init(_ prefix: String, in inChannels: Int, out outChannels: Int, embedding: Int, groups: Int,
         epsilon: Float, reader: WeightReader) {
        norm1 = reader.norm("\(prefix).norm1", channels: inChannels)
        conv1 = reader.conv("\(prefix).conv1", out: outChannels, in: inChannels, kernel: 3)
        embeddingProjection = reader.linear("\(prefix).emb_proj", out: outChannels, in: embedding)
        norm2 = reader.norm("\(prefix).norm2", channels: outChannels)
        conv2 = reader.conv("\(prefix).conv2", out: outChannels, in: outChannels, kernel: 3)
        skip = inChannels == outChannels ? nil : reader.conv("\(prefix).skip", out: outChannels, in: inChannels, kernel: 1)
        self.groups = groups
        self.epsilon = epsilon
    }

    /// - Parameters:
    ///   - siluEmbedding: `SiLU(emb)`, `[N, E]` row-major.
    ///   - output: where the result goes (`[O, N, H, W]`, not overlapping `x`), or nil for a new
    ///     arena buffer.
    func forward(_ x: FeatureMap, siluEmbedding: UnsafePointer<Float>, arena: ActivationArena,
                 output: UnsafeMutablePointer<Float>? = nil) -> FeatureMap {
        let h1 = norm1.applyPadded(x, groups: groups, epsilon: epsilon, silu: true, arena: arena)
        // conv1's bias plus emb_proj(SiLU(emb))[n, c]: one shift per sample, added by the conv.
        let outChannels = conv1.outChannels
        let shifts = arena.take(x.batch * outChannels)
        embeddingProjection.apply(siluEmbedding, rows: x.batch, output: shifts)
        for n in 0..<x.batch {
            for c in 0..<outChannels { shifts[n * outChannels + c] += conv1.bias[c] }
        }
        let h2 = conv1.apply(h1, sampleBias: shifts, output: arena.take(outChannels * x.columns))
        let h3 = norm2.applyPadded(h2, groups: groups, epsilon: epsilon, silu: true, arena: arena)
        let out: FeatureMap
        if let skip {
            out = skip.apply(x, arena: arena)
        } else {
            out = x
        }
        return conv2.apply(h3, residual: out.data, output: output ?? arena.take(outChannels * x.columns))
    }
}
