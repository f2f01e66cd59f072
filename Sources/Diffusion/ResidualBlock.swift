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

    /// - Parameter siluEmbedding: `SiLU(emb)`, `[N, E]` row-major.
    func forward(_ x: FeatureMap, siluEmbedding: UnsafePointer<Float>, arena: ActivationArena) -> FeatureMap {
        let h1 = norm1.apply(x, groups: groups, epsilon: epsilon, silu: true, arena: arena)
        let h2 = conv1.apply(h1, arena: arena)
        // + emb_proj(SiLU(emb))[n, c] on every pixel of (c, n).
        let projected = arena.take(x.batch * h2.channels)
        embeddingProjection.apply(siluEmbedding, rows: x.batch, output: projected)
        for c in 0..<h2.channels {
            for n in 0..<x.batch {
                let plane = h2.data + (c * x.batch + n) * h2.pixels
                let shift = projected[n * h2.channels + c]
                for i in 0..<h2.pixels { plane[i] += shift }
            }
        }
        let h3 = norm2.apply(h2, groups: groups, epsilon: epsilon, silu: true, arena: arena)
        let out: FeatureMap
        if let skip {
            out = skip.apply(x, arena: arena)
        } else {
            let copy = arena.take(x.count)
            copy.update(from: x.data, count: x.count)
            out = FeatureMap(data: copy, channels: x.channels, batch: x.batch, height: x.height, width: x.width)
        }
        return conv2.apply(h3, residual: out.data, output: out.data, arena: arena)
    }
}
