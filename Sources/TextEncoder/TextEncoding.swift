import Tensor

/// What the text encoder gives for one text: the tokens it read, the per-token hidden states
/// (generation conditioning) and the pooled, L2-normalised sentence embedding (screening).
public struct TextEncoding: Sendable {
    /// Last hidden state per token, `[T, 384]`, `T = tokens.ids.count`.
    public var tokenStates: Tensor
    /// Mean over the tokens, L2-normalised, 384 numbers.
    public var embedding: [Float]
    /// The tokenisation, including whether the text was truncated to fit.
    public var tokens: TokenizedText

    public init(tokenStates: Tensor, embedding: [Float], tokens: TokenizedText) {
        self.tokenStates = tokenStates
        self.embedding = embedding
        self.tokens = tokens
    }
}

extension TextEncoding {
    /// The embedding as one JSON array of numbers (shortest round-tripping decimals).
    public var embeddingJSON: String {
        "[" + embedding.map { "\($0)" }.joined(separator: ",") + "]"
    }
}
