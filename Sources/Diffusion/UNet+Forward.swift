import Foundation
import Tensor

/// What a request's text contributes to every step, computed once per request: per sample of
/// the batch, `text_pool_proj(pooled)` and each attention block's cross-attention keys/values.
struct UNetTextContext {
    var batch: Int
    var pooledProjection: [Float]   // [N, E]
    var keysValues: [[[Float]]]     // [attention block][sample] -> [L, 2C]

    /// Sample `n`'s own batch-1 context.
    func sample(_ n: Int) -> UNetTextContext {
        let e = pooledProjection.count / batch
        return UNetTextContext(batch: 1, pooledProjection: Array(pooledProjection[(n * e)..<((n + 1) * e)]),
                               keysValues: keysValues.map { [$0[n]] })
    }
}

extension UNet {
    /// The per-request text context of a batch whose sample `n` is conditioned on `texts[n]`.
    func prepare(_ texts: [TextConditioning]) -> UNetTextContext {
        let e = configuration.embeddingDimension
        var pooled = [Float](repeating: 0, count: texts.count * e)
        let inputs = texts.flatMap(\.pooled)
        inputs.withUnsafeBufferPointer { p in
            pooled.withUnsafeMutableBufferPointer { o in
                textPoolProjection.apply(p.baseAddress!, rows: texts.count, output: o.baseAddress!)
            }
        }
        let keysValues = attention.map { block in texts.map { block.crossKeysValues(tokens: $0.tokenStates) } }
        return UNetTextContext(batch: texts.count, pooledProjection: pooled, keysValues: keysValues)
    }

    /// `timestep_embedding`: `cat(cos(1000 t f), sin(1000 t f))`, `f_i = 10000^(-i/half)`, in Float
    /// as PyTorch computes it.
    static func timestepEmbedding(_ t: Float, dimension: Int) -> [Float] {
        let half = dimension / 2
        let logPeriod = Float(log(10000.0))
        var result = [Float](repeating: 0, count: dimension)
        for i in 0..<half {
            let frequency = expf(-logPeriod * Float(i) / Float(half))
            let argument = 1000 * t * frequency
            result[i] = cosf(argument)
            result[half + i] = sinf(argument)
        }
        return result
    }

    /// `embedding(t, pooled, aug)`: `[N, E]` row-major (before the SiLU the res blocks apply).
    func embedding(t: Float, augmentation: Float?, context: UNetTextContext) -> [Float] {
        let e = configuration.embeddingDimension
        func mlp(_ first: LinearWeights, _ second: LinearWeights, _ input: Float) -> [Float] {
            let sinusoid = UNet.timestepEmbedding(input, dimension: configuration.baseChannels)
            var hidden = [Float](repeating: 0, count: e), out = [Float](repeating: 0, count: e)
            sinusoid.withUnsafeBufferPointer { s in hidden.withUnsafeMutableBufferPointer { h in
                first.apply(s.baseAddress!, rows: 1, output: h.baseAddress!)
                Tensor.silu(h.baseAddress!, count: e)
            } }
            hidden.withUnsafeBufferPointer { h in out.withUnsafeMutableBufferPointer { o in
                second.apply(h.baseAddress!, rows: 1, output: o.baseAddress!)
            } }
            return out
        }
        var shared = mlp(timeEmbedding1, timeEmbedding2, t)
        if let (first, second) = augmentationEmbedding {
            let augmented = mlp(first, second, augmentation ?? 0)
            for i in 0..<e { shared[i] += augmented[i] }
        }
        var result = context.pooledProjection
        for n in 0..<context.batch {
            for i in 0..<e { result[n * e + i] = shared[i] + result[n * e + i] }
        }
        return result
    }

    /// One network evaluation on a batch, all samples through each layer together (each kernel
    /// splits its own work over the threads). `forward` (UNet+SampleParallel) calls it.
    ///
    /// - Parameters:
    ///   - input: `[N, inChannels, height, width]` (NCHW, samples one after another).
    ///   - t: network time input, `timestep / 1000`.
    ///   - augmentation: the upsampler's noise-augmentation level, `aug_timestep / 1000`.
    ///   - output: `[N, outChannels, height, width]` (NCHW), the v-prediction.
    func forwardBatch(_ input: UnsafePointer<Float>, height: Int, width: Int, t: Float, augmentation: Float?,
                      context: UNetTextContext, arena: ActivationArena, output: UnsafeMutablePointer<Float>) {
        let c = configuration
        let batch = context.batch
        precondition(height % sizeMultiple == 0 && width % sizeMultiple == 0,
                     "UNet: \(height)x\(width) is not a multiple of \(sizeMultiple)")
        arena.reset()
        let emb = embedding(t: t, augmentation: augmentation, context: context)
        let siluEmbedding = arena.take(emb.count)
        siluEmbedding.update(from: emb, count: emb.count)
        Tensor.silu(siluEmbedding, count: emb.count)

        let x = FeatureMapKernels.toChannelMajorPadded(input, channels: c.inputChannels, batch: batch, height: height,
                                                       width: width, into: arena.take(PaddedFeatureMap.count(
                                                           channels: c.inputChannels, batch: batch, height: height, width: width)))
        // The skip concatenations are never copied: each skip is written straight into the
        // second part of the `[h, skip]` buffer (channel-major, h's channels first) its up block
        // reads, and the layer before that up block writes h into the first part.
        // Skip i (in push order) is read by up block K − 1 − i.
        let upBlocks = up.flatMap(\.residual)
        var joinedBuffers: [UnsafeMutablePointer<Float>] = []   // by skip index
        func skipSlot(channels: Int, columns: Int) -> UnsafeMutablePointer<Float> {
            let reader = upBlocks[upBlocks.count - 1 - joinedBuffers.count].conv1.inChannels
            let joined = arena.take(reader * columns)            // [h + skip channels, N, H, W]
            joinedBuffers.append(joined)
            return joined + (reader - channels) * columns
        }
        var h = inputConvolution.apply(x, output: skipSlot(channels: c.baseChannels, columns: batch * height * width))
        for level in down {
            for (block, attentionIndex) in zip(level.residual, level.attention) {
                let slot = skipSlot(channels: block.conv2.outChannels, columns: h.columns)
                if let attentionIndex {
                    h = block.forward(h, siluEmbedding: siluEmbedding, arena: arena)
                    h = attention[attentionIndex].forward(h, keysValues: context.keysValues[attentionIndex],
                                                          arena: arena, output: slot)
                } else {
                    h = block.forward(h, siluEmbedding: siluEmbedding, arena: arena, output: slot)
                }
            }
            if let resample = level.resample {
                let outHeight = (h.height - 1) / 2 + 1, outWidth = (h.width - 1) / 2 + 1
                h = resample.apply(h, stride: 2, output: skipSlot(channels: h.channels, columns: batch * outHeight * outWidth),
                                   arena: arena)
            }
        }
        var next = joinedBuffers.count - 1                       // the skip the next up block reads
        h = middle.0.forward(h, siluEmbedding: siluEmbedding, arena: arena)
        h = attention[middle.1].forward(h, keysValues: context.keysValues[middle.1], arena: arena)
        h = middle.2.forward(h, siluEmbedding: siluEmbedding, arena: arena, output: joinedBuffers[next])
        for level in up {
            for (j, (block, attentionIndex)) in zip(level.residual, level.attention).enumerated() {
                let joined = FeatureMap(data: joinedBuffers[next], channels: block.conv1.inChannels, batch: batch,
                                        height: h.height, width: h.width)
                next -= 1
                // The result goes straight into the next up block's buffer, unless an upsampling
                // (or the output norm) reads it first.
                let feedsUpsampling = j == level.residual.count - 1 && level.resample != nil
                let destination = feedsUpsampling || next < 0 ? nil : joinedBuffers[next]
                if let attentionIndex {
                    h = block.forward(joined, siluEmbedding: siluEmbedding, arena: arena)
                    h = attention[attentionIndex].forward(h, keysValues: context.keysValues[attentionIndex],
                                                          arena: arena, output: destination)
                } else {
                    h = block.forward(joined, siluEmbedding: siluEmbedding, arena: arena, output: destination)
                }
            }
            if let resample = level.resample {
                h = resample.applyUpsampled(h, output: joinedBuffers[next], arena: arena)
            }
        }
        let normed = outputNorm.applyPadded(h, groups: c.groups, epsilon: c.normEpsilon, silu: true, arena: arena)
        if batch == 1 {
            outputConvolution.apply(normed, output: output)          // [C, 1, H, W] is NCHW
            return
        }
        let result = outputConvolution.apply(normed, output: arena.take(c.outputChannels * h.columns))
        FeatureMapKernels.toSampleMajor(result.data, channels: c.outputChannels, batch: batch,
                                        pixels: height * width, output: output)
    }

    /// Convenience for tests and tools: one evaluation on `[N, C, H, W]` tensors with one text
    /// conditioning per sample. Allocates its own arena.
    func evaluate(_ input: Tensor, t: Float, texts: [TextConditioning], augmentation: Float? = nil) -> Tensor {
        let n = input.shape[0], height = input.shape[2], width = input.shape[3]
        var output = Tensor(zeros: [n, configuration.outputChannels, height, width])
        let context = prepare(texts)
        let arena = ActivationArena()
        input.data.withUnsafeBufferPointer { i in
            output.data.withUnsafeMutableBufferPointer { o in
                forward(i.baseAddress!, height: height, width: width, t: t, augmentation: augmentation,
                        context: context, arena: arena, output: o.baseAddress!)
            }
        }
        return output
    }
}
