/// The result of tokenising one text for the encoder: WordPiece ids framed by `[CLS]` and `[SEP]`.
///
/// Truncation is never silent: when the text needs more ids than the limit passed to
/// ``WordPieceTokenizer/encode(_:maxLength:)``, `ids` holds `[CLS]`, the first `maxLength - 2`
/// WordPiece ids and `[SEP]` (as the reference tokenizer truncates), `truncated` is `true`,
/// and `untruncatedLength` says how many ids the whole text needs.
public struct TokenizedText: Sendable, Equatable {
    /// Vocabulary ids, `[CLS]` first and `[SEP]` last; never more than the `maxLength` asked for.
    public var ids: [Int32]
    /// The vocabulary entries of `ids` (same count and order), e.g. `["[CLS]", "windows", "##ill", "[SEP]"]`.
    public var tokens: [String]
    /// `true` when WordPiece tokens were cut off to fit the limit.
    public var truncated: Bool
    /// The number of ids (with `[CLS]` and `[SEP]`) the whole text needs; equals `ids.count` unless `truncated`.
    public var untruncatedLength: Int

    /// Creates a tokenised text; ``WordPieceTokenizer`` is the usual source of one.
    public init(ids: [Int32], tokens: [String], truncated: Bool, untruncatedLength: Int) {
        self.ids = ids
        self.tokens = tokens
        self.truncated = truncated
        self.untruncatedLength = untruncatedLength
    }
}
