import Tensor
import TextEncoder

/// How the prompt classifier's input is pooled from the text encoder's final token states
/// (`config.json` `architecture.features`; `Models/prompt-classifier/pooling.py` computes the same
/// in training):
///
/// * `mean`: the sentence embedding (mean over all tokens, [CLS] and [SEP] included, L2-normalised);
/// * `mean+max`: that embedding followed by the per-dimension maximum over the same tokens,
///   L2-normalised on its own, so a single salient word is not diluted by the rest of the prompt.
public enum PromptFeatures: String, Codable, Sendable, CaseIterable {
    case mean
    case meanMax = "mean+max"

    /// Input length of the heads for an encoder of `hiddenSize` dimensions.
    public func dimension(hiddenSize: Int) -> Int {
        switch self {
        case .mean: hiddenSize
        case .meanMax: 2 * hiddenSize
        }
    }

    /// The head input of one encoding.
    public func vector(from encoding: TextEncoding) throws(ScreeningError) -> [Float] {
        switch self {
        case .mean:
            return encoding.embedding
        case .meanMax:
            return encoding.embedding + (try Self.maxPool(encoding))
        }
    }

    /// Per-dimension maximum of `tokenStates` over its rows, L2-normalised.
    static func maxPool(_ encoding: TextEncoding) throws(ScreeningError) -> [Float] {
        let states = encoding.tokenStates
        let width = encoding.embedding.count
        guard states.rank == 2, states.shape[1] == width, states.shape[0] > 0 else {
            throw .embeddingDimensionMismatch(expected: width, actual: states.rank == 2 ? states.shape[1] : states.count)
        }
        let rows = states.shape[0]
        var pooled = [Float](repeating: -.infinity, count: width)
        states.data.withUnsafeBufferPointer { data in
            for row in 0..<rows {
                let base = row * width
                for i in 0..<width where data[base + i] > pooled[i] {
                    pooled[i] = data[base + i]
                }
            }
        }
        var norm: Float = 0
        for value in pooled { norm += value * value }
        let scale = 1 / max(norm.squareRoot(), 1e-12)
        return pooled.map { $0 * scale }
    }
}
