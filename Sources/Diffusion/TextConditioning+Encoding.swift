import TextEncoder

extension TextConditioning {
    /// The conditioning of one MiniLM encoding: its token states and its pooled embedding (the
    /// mean of the token states, L2-normalised — the same vector screening uses), so a prompt is
    /// encoded once for screening and generation.
    public init(_ encoding: TextEncoding) {
        self.init(tokenStates: encoding.tokenStates, pooled: encoding.embedding)
    }
}
