import Foundation
import Synchronization
import Tensor

/// The hidden states and pooled embedding of one token sequence.
public struct EncodedSequence: Sendable {
    /// Last hidden state per token, `[T, H]` (after the last block's LayerNorm).
    public var tokenStates: Tensor
    /// Mean of `tokenStates` over the sequence's tokens, L2-normalised (`[H]`), as
    /// sentence-transformers' Pooling(mean) + Normalize.
    public var embedding: [Float]
}

/// The all-MiniLM-L6-v2 transformer (BERT encoder) on token ids: embeddings (word + position +
/// token type 0, LayerNorm), `L` post-LayerNorm blocks (fused QKV, multi-head attention, exact
/// GELU FFN), mean pooling and L2 normalisation. Mirrors Hugging Face `BertModel`
/// (transformers/models/bert/modeling_bert.py) in eval mode.
///
/// Weights are immutable and shared; activation buffers are kept between calls and reused when
/// the next batch fits (a concurrent call that finds them taken allocates its own).
/// Several sequences run as one packed batch: the linear layers see all tokens at once and
/// attention runs per sequence over that sequence's own keys, so pads never exist.
public final class MiniLMModel: Sendable {
    /// The architecture read from config.json.
    public let configuration: MiniLMConfiguration
    let weights: MiniLMWeights
    private let cachedWorkspace = Mutex<MiniLMWorkspace?>(MiniLMWorkspace())

    /// Loads config.json and model.safetensors: the file's SHA-256 must match `weights.sha256` of
    /// config.json (a missing, truncated or altered file is refused before any weight is read),
    /// then every tensor's name and shape is checked.
    public init(configurationURL: URL, weightsURL: URL) throws {
        let configuration = try MiniLMConfiguration.load(url: configurationURL)
        guard FileManager.default.fileExists(atPath: weightsURL.path) else {
            throw TextEncoderError.modelFileMissing(path: weightsURL.path)
        }
        guard let digest = configuration.weightsSHA256 else {
            throw TextEncoderError.invalidConfiguration(
                file: configurationURL.path, reason: "weights.sha256 is missing; Warden loads only weights it can verify")
        }
        do { try ModelIntegrity.verify(weightsURL, sha256: digest) } catch {
            throw TextEncoderError.integrityCheckFailed(error)
        }
        let file: SafeTensorsFile
        do { file = try SafeTensorsFile(url: weightsURL) } catch let error as TensorError {
            throw TextEncoderError.weights(error)
        }
        self.configuration = configuration
        self.weights = try MiniLMWeights(file: file, configuration: configuration)
    }

    /// Encodes each token-id sequence (with its [CLS] and [SEP]). All sequences run in one
    /// packed batch; results are in input order.
    public func encode(tokenIDs sequences: [[Int32]]) throws -> [EncodedSequence] {
        let c = configuration
        for (index, ids) in sequences.enumerated() {
            guard !ids.isEmpty else { throw TextEncoderError.emptySequence(sequence: index) }
            guard ids.count <= c.maxPositions else {
                throw TextEncoderError.sequenceTooLong(sequence: index, length: ids.count, maximum: c.maxPositions)
            }
            if let position = ids.firstIndex(where: { $0 < 0 || Int($0) >= c.vocabularySize }) {
                throw TextEncoderError.tokenIDOutOfRange(sequence: index, position: position, id: ids[position],
                                                         vocabularySize: c.vocabularySize)
            }
        }
        guard !sequences.isEmpty else { return [] }
        var workspace = cachedWorkspace.withLock { $0.take() } ?? MiniLMWorkspace()
        defer {
            let finished = workspace
            cachedWorkspace.withLock { $0 = finished }
        }
        let tokens = sequences.reduce(0) { $0 + $1.count }
        let longest = sequences.map(\.count).max() ?? 0
        workspace.reserve(tokens: tokens, longest: longest, configuration: c)
        forward(sequences, tokens: tokens, workspace: &workspace)
        return pool(sequences, workspace.hidden)
    }

    /// The forward pass over packed sequences; leaves the last hidden states in `workspace.hidden`.
    private func forward(_ sequences: [[Int32]], tokens n: Int, workspace ws: inout MiniLMWorkspace) {
        let c = configuration, h = c.hiddenSize, f = c.intermediateSize
        let headDimension = h / c.heads
        let eps = c.layerNormEpsilon
        var offsets: [Int] = []
        var start = 0
        for ids in sequences { offsets.append(start); start += ids.count }

        ws.hidden.withUnsafeMutableBufferPointer { hiddenBuffer in
        ws.attention.withUnsafeMutableBufferPointer { attentionBuffer in
        ws.context.withUnsafeMutableBufferPointer { contextBuffer in
        ws.qkv.withUnsafeMutableBufferPointer { qkvBuffer in
        ws.intermediate.withUnsafeMutableBufferPointer { intermediateBuffer in
        ws.scores.withUnsafeMutableBufferPointer { scoresBuffer in
        ws.scoresSecond.withUnsafeMutableBufferPointer { scoresSecondBuffer in
            let scoresSecond = scoresSecondBuffer.baseAddress!
            let hidden = hiddenBuffer.baseAddress!, attention = attentionBuffer.baseAddress!
            let context = contextBuffer.baseAddress!, qkv = qkvBuffer.baseAddress!
            let intermediate = intermediateBuffer.baseAddress!, scores = scoresBuffer.baseAddress!

            // Embeddings: word + position + token type 0, then LayerNorm.   hidden [N, H]
            weights.wordEmbeddings.withUnsafeBufferPointer { word in
            weights.positionEmbeddings.withUnsafeBufferPointer { position in
            weights.tokenTypeEmbeddings.withUnsafeBufferPointer { tokenType in
                for (s, ids) in sequences.enumerated() {
                    for (p, id) in ids.enumerated() {
                        let row = hidden + (offsets[s] + p) * h
                        let w = word.baseAddress! + Int(id) * h, q = position.baseAddress! + p * h
                        let t = tokenType.baseAddress!
                        for i in 0..<h { row[i] = w[i] + q[i] + t[i] }
                    }
                }
            }}}
            weights.embeddingNormWeight.withUnsafeBufferPointer { g in
                weights.embeddingNormBias.withUnsafeBufferPointer { b in
                    Tensor.layerNorm(hidden, rows: n, width: h, weight: g.baseAddress!, bias: b.baseAddress!, epsilon: eps)
                }
            }

            for layer in weights.layers {
                // qkv [N, 3H] = hidden · Wqkvᵀ + bqkv
                project(hidden, rows: n, layer.qkvWeight, layer.qkvPacked, layer.qkvBias, residual: nil, into: qkv)
                // context [N, H]: per sequence, its queries over its own keys only
                for (s, ids) in sequences.enumerated() {
                    let heads = SequenceAttention(qkv: qkv + offsets[s] * 3 * h, hidden: h, length: ids.count,
                                                  headDimension: headDimension, output: context + offsets[s] * h)
                    if ids.count >= MiniLMModel.splitAttentionLength {
                        // Long prompts: half the heads on the kernel worker thread.
                        let half = c.heads / 2
                        nonisolated(unsafe) let second = scoresSecond
                        Tensor.runPair({ heads.run(heads: 0..<half, scores: scores) },
                                       { heads.run(heads: half..<c.heads, scores: second) })
                    } else {
                        heads.run(heads: 0..<c.heads, scores: scores)
                    }
                }
                // attention [N, H] = LayerNorm(context · Woᵀ + bo + hidden)
                project(context, rows: n, layer.attentionOutWeight, layer.attentionOutPacked, layer.attentionOutBias,
                        residual: hidden, into: attention)
                layer.attentionNormWeight.withUnsafeBufferPointer { g in layer.attentionNormBias.withUnsafeBufferPointer { b in
                    Tensor.layerNorm(attention, rows: n, width: h, weight: g.baseAddress!, bias: b.baseAddress!, epsilon: eps)
                }}
                // intermediate [N, F] = GELU(attention · W1ᵀ + b1)
                project(attention, rows: n, layer.intermediateWeight, layer.intermediatePacked, layer.intermediateBias,
                        residual: nil, into: intermediate)
                Tensor.gelu(intermediate, count: n * f)
                // hidden [N, H] = LayerNorm(intermediate · W2ᵀ + b2 + attention)
                project(intermediate, rows: n, layer.outputWeight, layer.outputPacked, layer.outputBias,
                        residual: attention, into: hidden)
                layer.outputNormWeight.withUnsafeBufferPointer { g in layer.outputNormBias.withUnsafeBufferPointer { b in
                    Tensor.layerNorm(hidden, rows: n, width: h, weight: g.baseAddress!, bias: b.baseAddress!, epsilon: eps)
                }}
            }
        }}}}}}}
    }

    /// Sequences at least this long split their attention heads over two threads.
    static let splitAttentionLength = 24

    /// Calls with at most this many tokens run their projections on the half-precision packed
    /// weights; larger batches use OpenBLAS sgemm, which wins once the weights are reused by
    /// enough rows (measured with `warden bench text-encoder`).
    static let halfPrecisionRowLimit = 64

    /// `output[rows, out] = input · W + bias (+ residual)` with the kernel that suits `rows`.
    private func project(_ input: UnsafePointer<Float>, rows: Int, _ weight: [Float], _ packed: HalfPackedMatrix,
                         _ bias: [Float], residual: UnsafePointer<Float>?, into output: UnsafeMutablePointer<Float>) {
        bias.withUnsafeBufferPointer { b in
            if rows <= MiniLMModel.halfPrecisionRowLimit {
                Tensor.linear(input: input, rows: rows, weight: packed, bias: b.baseAddress!, residual: residual,
                              output: output)
            } else {
                weight.withUnsafeBufferPointer { w in
                    Tensor.linear(input: input, rows: rows, inFeatures: packed.inFeatures, weight: w.baseAddress!,
                                  outFeatures: packed.outFeatures, bias: b.baseAddress!, residual: residual,
                                  weightLayout: .inOut, output: output)
                }
            }
        }
    }

    /// Splits the packed hidden states per sequence and mean-pools + L2-normalises each.
    private func pool(_ sequences: [[Int32]], _ hidden: [Float]) -> [EncodedSequence] {
        let h = configuration.hiddenSize
        var start = 0
        return sequences.map { ids in
            let states = Array(hidden[(start * h)..<((start + ids.count) * h)]) // [T, H]
            start += ids.count
            var mean = [Float](repeating: 0, count: h)
            for t in 0..<ids.count {
                for i in 0..<h { mean[i] += states[t * h + i] }
            }
            let inverseCount = 1 / Float(ids.count)
            var norm: Float = 0
            for i in 0..<h {
                mean[i] *= inverseCount
                norm += mean[i] * mean[i]
            }
            let scale = 1 / max(norm.squareRoot(), 1e-12)
            for i in 0..<h { mean[i] *= scale }
            return EncodedSequence(tokenStates: Tensor(shape: [ids.count, h], data: states), embedding: mean)
        }
    }
}

/// One sequence's attention over its packed `qkv` rows, head by head: a Sendable view of the
/// workspace pointers so two threads can run disjoint heads (each writes only its heads'
/// columns of `output`, with its own scores buffer).
private struct SequenceAttention: @unchecked Sendable {
    let qkv: UnsafeMutablePointer<Float>
    let hidden: Int
    let length: Int
    let headDimension: Int
    let output: UnsafeMutablePointer<Float>

    func run(heads: Range<Int>, scores: UnsafeMutablePointer<Float>) {
        guard !heads.isEmpty else { return }
        let offset = heads.lowerBound * headDimension
        Tensor.attention(query: qkv + offset, queryStride: 3 * hidden, key: qkv + hidden + offset,
                         keyStride: 3 * hidden, value: qkv + 2 * hidden + offset, valueStride: 3 * hidden,
                         queryLength: length, keyLength: length, heads: heads.count, headDimension: headDimension,
                         keyMask: nil, scores: scores, output: output + offset, outputStride: hidden)
    }
}
