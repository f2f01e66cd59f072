import Tensor

/// The text side of a generation, from one MiniLM `TextEncoding` (the same encoder pass that
/// screened the prompt): the real tokens' last hidden states and their pooled vector.
public struct TextConditioning: Sendable {
    /// `[T, 384]`, real tokens only ([CLS] ... [SEP], no padding), 1 <= T <= 77.
    public var tokenStates: Tensor
    /// 384 floats: the mean of `tokenStates`, L2-normalised (MiniLM's sentence embedding).
    public var pooled: [Float]

    public init(tokenStates: Tensor, pooled: [Float]) {
        self.tokenStates = tokenStates
        self.pooled = pooled
    }

    /// Most tokens a conditioning may carry (CLIP-style limit the recipes train with).
    public static let maximumTokens = 77

    /// Throws `invalidConditioning` unless the shapes are `[T, width]` and `[width]`, T in 1...77,
    /// and every value is finite.
    func validate(_ which: String, width: Int) throws(DiffusionError) {
        let shape = tokenStates.shape
        guard shape.count == 2, shape[1] == width, (1...TextConditioning.maximumTokens).contains(shape[0]) else {
            throw .invalidConditioning(which: which, reason: "token states \(shape), expected [1...\(TextConditioning.maximumTokens), \(width)]")
        }
        guard pooled.count == width else {
            throw .invalidConditioning(which: which, reason: "pooled vector has \(pooled.count) values, expected \(width)")
        }
        guard tokenStates.data.allSatisfy(\.isFinite), pooled.allSatisfy(\.isFinite) else {
            throw .invalidConditioning(which: which, reason: "non-finite values")
        }
    }
}
