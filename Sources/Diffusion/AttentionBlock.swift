import CUNetKernels
import COpenBLAS
import Tensor

/// `unet.py`'s `AttentionBlock`: self-attention over pixels, then cross-attention from pixels to
/// the text tokens, each after its own GroupNorm and each residual. Heads split the channels
/// (`[.., heads, C/heads]`, PyTorch's `view(n, s, heads, c // heads)`), scale 1/√(C/heads).
struct AttentionBlock: Sendable {
    var norm: NormWeights
    var qkv: LinearWeights          // [3C, C]
    var projection: LinearWeights
    var normCross: NormWeights
    var queryCross: LinearWeights
    var keyValueCross: LinearWeights // [2C, textDim]
    var projectionCross: LinearWeights
    var channels: Int
    var heads: Int
    var groups: Int
    var epsilon: Float

    init(_ prefix: String, channels: Int, heads: Int, textDimension: Int, groups: Int, epsilon: Float,
         reader: WeightReader) {
        norm = reader.norm("\(prefix).norm", channels: channels)
        qkv = reader.linear("\(prefix).qkv", out: 3 * channels, in: channels)
        projection = reader.linear("\(prefix).proj", out: channels, in: channels)
        normCross = reader.norm("\(prefix).norm_cross", channels: channels)
        queryCross = reader.linear("\(prefix).q_cross", out: channels, in: channels)
        keyValueCross = reader.linear("\(prefix).kv_cross", out: 2 * channels, in: textDimension)
        projectionCross = reader.linear("\(prefix).proj_cross", out: channels, in: channels)
        self.channels = channels
        self.heads = heads
        self.groups = groups
        self.epsilon = epsilon
    }

    /// The cross-attention keys and values of one sample's tokens, `[L, 2C]` (K then V per row).
    /// They depend only on the text, so a request computes them once for all its steps.
    func crossKeysValues(tokens: Tensor) -> [Float] {
        let length = tokens.shape[0]
        var result = [Float](repeating: 0, count: length * 2 * channels)
        tokens.data.withUnsafeBufferPointer { t in
            result.withUnsafeMutableBufferPointer { r in
                keyValueCross.apply(t.baseAddress!, rows: length, output: r.baseAddress!)
            }
        }
        return result
    }

    /// - Parameters:
    ///   - keysValues: per sample of the batch, `crossKeysValues` of its tokens.
    ///   - output: where the result goes (`[C, N, H, W]`, not overlapping `x`), or nil for a new
    ///     arena buffer.
    func forward(_ x: FeatureMap, keysValues: [[Float]], arena: ActivationArena,
                 output: UnsafeMutablePointer<Float>? = nil) -> FeatureMap {
        precondition(keysValues.count == x.batch, "attention: \(keysValues.count) token sets for a batch of \(x.batch)")
        let headDimension = channels / heads
        let pixels = x.pixels, columns = x.columns
        let scale = 1 / Float(headDimension).squareRoot()

        // Self-attention. qkv: [3C, N·HW]; per head, Qᵀ/Kᵀ/Vᵀ are D rows of that matrix.
        let h = norm.apply(x, groups: groups, epsilon: epsilon, silu: false, arena: arena)
        let q3 = qkv.applyToPixels(h, arena: arena)
        let attended = arena.take(x.count)
        if FusedAttention.isAvailable && headDimension <= FusedAttention.maximumDepth {
            // Per (sample, head): Vᵀ as [S, D] in the task's scratch, then the fused kernel.
            headTasks(batch: x.batch, keys: pixels, arena: arena) { n, head, scratch in
                let q = q3.data + head * headDimension * columns + n * pixels
                let k = q3.data + (channels + head * headDimension) * columns + n * pixels
                let v = q3.data + (2 * channels + head * headDimension) * columns + n * pixels
                FusedAttention.transpose(v, srcStride: columns, rows: headDimension, columns: pixels,
                                         into: scratch, dstStride: headDimension)
                FusedAttention.run(q: q, qStride: columns, k: k, kStride: columns, vt: scratch,
                                   vtStride: headDimension, depth: headDimension, keys: pixels, queries: pixels,
                                   scale: scale, out: attended + head * headDimension * columns + n * pixels,
                                   outStride: columns, scratch: scratch + pixels * headDimension)
            }
        } else {
            selfAttentionBLAS(q3, attended: attended, pixels: pixels, columns: columns, scale: scale, arena: arena)
        }
        let x1 = projection.applyToPixels(FeatureMap(data: attended, channels: channels, batch: x.batch,
                                                     height: x.height, width: x.width),
                                          residual: x.data, arena: arena)

        // Cross-attention to each sample's tokens: K, V rows of keysValues[n] ([L, 2C]).
        let h2 = normCross.apply(x1, groups: groups, epsilon: epsilon, silu: false, arena: arena)
        let q = queryCross.applyToPixels(h2, arena: arena)
        let attendedCross = arena.take(x.count)
        if FusedAttention.isAvailable && headDimension <= FusedAttention.maximumDepth {
            let longest = keysValues.map { $0.count / (2 * channels) }.max() ?? 0
            headTasks(batch: x.batch, keys: longest, arena: arena) { n, head, scratch in
                let length = keysValues[n].count / (2 * channels)
                keysValues[n].withUnsafeBufferPointer { kv in
                    // Kᵀ as [D, L]; V rows of keysValues are already [L, D] (stride 2C).
                    FusedAttention.transpose(kv.baseAddress! + head * headDimension, srcStride: 2 * channels,
                                             rows: length, columns: headDimension, into: scratch, dstStride: length)
                    FusedAttention.run(q: q.data + head * headDimension * columns + n * pixels, qStride: columns,
                                       k: scratch, kStride: length,
                                       vt: kv.baseAddress! + channels + head * headDimension, vtStride: 2 * channels,
                                       depth: headDimension, keys: length, queries: pixels, scale: scale,
                                       out: attendedCross + head * headDimension * columns + n * pixels,
                                       outStride: columns, scratch: scratch + length * headDimension)
                }
            }
        } else {
            crossAttentionBLAS(q, keysValues: keysValues, attended: attendedCross, pixels: pixels, columns: columns,
                               scale: scale, arena: arena)
        }
        return projectionCross.applyToPixels(FeatureMap(data: attendedCross, channels: channels, batch: x.batch,
                                                        height: x.height, width: x.width),
                                             residual: x1.data, output: output, arena: arena)
    }

    /// Runs `body(n, head, scratch)` for every (sample, head) of the batch. With at least as many
    /// of them as threads, each thread takes whole heads (one hand-off per attention instead of
    /// one per head, and the transposes split too) and the kernel stays on its thread; otherwise
    /// heads run one after another and the kernel splits each head's queries. The scratch a body
    /// gets holds `keys x D` floats (a transposed operand) and then the kernel's scratch for
    /// `keys` keys (for every thread the kernel may split into).
    private func headTasks(batch: Int, keys: Int, arena: ActivationArena,
                           _ body: @escaping (Int, Int, UnsafeMutablePointer<Float>) -> Void) {
        let pairs = batch * heads
        let threads = ParallelKernels.threads
        let kernelScratch = Int(warden_attention_scratch_count(Int32(keys)))
        let scratchPer = keys * (channels / heads) + kernelScratch
        guard threads > 1, pairs >= threads else {
            let scratch = arena.scores(scratchPer + (threads - 1) * kernelScratch)
            for pair in 0..<pairs { body(pair / heads, pair % heads, scratch) }
            return
        }
        let scratch = arena.scores(threads * scratchPer)
        ParallelKernels.run(threads) { task in
            ParallelKernels.$serial.withValue(true) {
                for pair in stride(from: task, to: pairs, by: threads) {
                    body(pair / heads, pair % heads, scratch + task * scratchPer)
                }
            }
        }
    }

    /// Self-attention by sgemm (CPUs without the fused kernel): per sample and head,
    /// scores = QᵀK / √D, softmax, Oᵀ = V Pᵀ, on the `[3C, N·HW]` qkv map.
    private func selfAttentionBLAS(_ q3: FeatureMap, attended: UnsafeMutablePointer<Float>, pixels: Int, columns: Int,
                                   scale: Float, arena: ActivationArena) {
        let headDimension = channels / heads
        let scores = arena.scores(pixels * pixels)
        for n in 0..<q3.batch {
            for head in 0..<heads {
                let q = q3.data + head * headDimension * columns + n * pixels
                let k = q3.data + (channels + head * headDimension) * columns + n * pixels
                let v = q3.data + (2 * channels + head * headDimension) * columns + n * pixels
                // scores[T, S] = (Qᵀ)ᵀ[T, D] · Kᵀ[D, S] / √D
                cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, Int32(pixels), Int32(pixels), Int32(headDimension),
                            scale, q, Int32(columns), k, Int32(columns), 0, scores, Int32(pixels))
                ParallelKernels.softmax(scores, rows: pixels, width: pixels)
                // Oᵀ[D, T] = Vᵀ[D, S] · Pᵀ[S, T]
                cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(headDimension), Int32(pixels), Int32(pixels),
                            1, v, Int32(columns), scores, Int32(pixels),
                            0, attended + head * headDimension * columns + n * pixels, Int32(columns))
            }
        }
    }

    /// Cross-attention by sgemm: K, V rows of keysValues[n] (`[L, 2C]`).
    private func crossAttentionBLAS(_ q: FeatureMap, keysValues: [[Float]], attended: UnsafeMutablePointer<Float>,
                                    pixels: Int, columns: Int, scale: Float, arena: ActivationArena) {
        let headDimension = channels / heads
        for n in 0..<q.batch {
            let length = keysValues[n].count / (2 * channels)
            let crossScores = arena.scores(pixels * length)
            keysValues[n].withUnsafeBufferPointer { kv in
                for head in 0..<heads {
                    let qh = q.data + head * headDimension * columns + n * pixels
                    let k = kv.baseAddress! + head * headDimension
                    let v = kv.baseAddress! + channels + head * headDimension
                    // scores[T, L] = Q[T, D] · K[L, D]ᵀ / √D
                    cblas_sgemm(CblasRowMajor, CblasTrans, CblasTrans, Int32(pixels), Int32(length), Int32(headDimension),
                                scale, qh, Int32(columns), k, Int32(2 * channels), 0, crossScores, Int32(length))
                    ParallelKernels.softmax(crossScores, rows: pixels, width: length)
                    // Oᵀ[D, T] = V[L, D]ᵀ · P[T, L]ᵀ
                    cblas_sgemm(CblasRowMajor, CblasTrans, CblasTrans, Int32(headDimension), Int32(pixels), Int32(length),
                                1, v, Int32(2 * channels), crossScores, Int32(length),
                                0, attended + head * headDimension * columns + n * pixels, Int32(columns))
                }
            }
        }
    }
}
