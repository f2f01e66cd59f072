import Foundation

/// The BERT WordPiece tokenizer of all-MiniLM-L6-v2, id for id as the reference.
///
/// ```swift
/// let tokenizer = try WordPieceTokenizer(vocabularyURL: modelDirectory.appending(path: "vocab.txt"))
/// let text = tokenizer.encode("A photo of a cat.")   // ids: [101, 1037, 6302, 1997, 1037, 4937, 1012, 102]
/// if text.truncated { /* tell the caller: text.untruncatedLength ids did not fit */ }
/// ```
///
/// Pipeline: literal special tokens split out of the raw text, ``BasicTokenizer`` on the rest
/// (clean, CJK padding, NFD + accent stripping, lowercase, split on whitespace and punctuation),
/// WordPiece on each word, then `[CLS] ... [SEP]` and truncation.
/// WordPiece mirrors huggingface/tokenizers `WordPiece::tokenize`
/// (`tokenizers/src/models/wordpiece/mod.rs`) and transformers' `WordpieceTokenizer.tokenize`
/// (`models/bert/tokenization_bert.py`): a word longer than 100 Unicode scalars is one `[UNK]`;
/// otherwise greedy longest match from the left, pieces after the first looked up with `##`; if
/// some position matches nothing, the whole word is one `[UNK]`. The template `[CLS] A [SEP]` and
/// truncation (`[CLS]` + first `maxLength - 2` pieces + `[SEP]`) are those of the package's
/// `tokenizer.json` (`TemplateProcessing`, truncation `LongestFirst`). Checked id for id against
/// `Models/text-encoder/golden/tokens.json`.
public struct WordPieceTokenizer: Sendable {
    /// The model's sequence limit (sentence-transformers `max_seq_length` of all-MiniLM-L6-v2).
    public static let defaultMaxLength = 256
    /// Words longer than this (in Unicode scalars) become `[UNK]`.
    public static let maxInputCharactersPerWord = 100

    /// The vocabulary (`vocab.txt`).
    public let vocabulary: Vocabulary
    /// Id of `[UNK]`.
    public let unknownID: Int32
    /// Id of `[CLS]`, the first id of every encoding.
    public let classifierID: Int32
    /// Id of `[SEP]`, the last id of every encoding.
    public let separatorID: Int32
    /// Special tokens recognised when written literally in the text (see ``encode(_:maxLength:)``).
    public static let specialTokensInText = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]

    private let basic = BasicTokenizer()
    private let specialTokens: [(scalars: [Unicode.Scalar], id: Int32)]

    /// Reads the vocabulary from `vocab.txt`.
    public init(vocabularyURL: URL) throws(TextEncoderError) {
        try self.init(vocabulary: Vocabulary(contentsOf: vocabularyURL), source: vocabularyURL.path)
    }

    /// Uses `vocabulary`, which must hold `[UNK]`, `[CLS]` and `[SEP]`.
    public init(vocabulary: Vocabulary, source: String = "vocabulary") throws(TextEncoderError) {
        func special(_ token: String) throws(TextEncoderError) -> Int32 {
            guard let id = vocabulary.id(of: token) else {
                throw .vocabularyMissingSpecialToken(file: source, token: token)
            }
            return id
        }
        self.vocabulary = vocabulary
        self.unknownID = try special("[UNK]")
        self.classifierID = try special("[CLS]")
        self.separatorID = try special("[SEP]")
        self.specialTokens = Self.specialTokensInText.compactMap { token in
            vocabulary.id(of: token).map { (Array(token.unicodeScalars), $0) }
        }
    }

    /// Tokenises `text` to at most `maxLength` ids, `[CLS]` and `[SEP]` included.
    ///
    /// As the reference (the `added_tokens` of the package's `tokenizer.json`, all with
    /// `normalized: false`, matched by huggingface/tokenizers `AddedVocabulary` before
    /// normalisation), the special tokens `[PAD]`, `[UNK]`, `[CLS]`, `[SEP]` and `[MASK]` written
    /// literally in `text` (exact case, leftmost first) become their ids, and the text between
    /// them is tokenised piece by piece: `"a[SEP]b"` gives `[CLS] a [SEP] b [SEP]`, `"[sep]"`
    /// gives `[ sep ]`. Callers that must not let user text produce these ids (a prompt that
    /// writes `[SEP]` gets a real separator) should screen for them before encoding.
    ///
    /// Never fails: every string has an encoding (an empty or all-control text gives
    /// `[CLS] [SEP]`). A `maxLength` below 2 is treated as 2 (room for `[CLS]` and `[SEP]` only).
    /// When the text needs more, the result says so: ``TokenizedText/truncated`` and
    /// ``TokenizedText/untruncatedLength``. Cost is linear in the text's length; the whole text
    /// is tokenised to count its length, but only the kept ids are stored.
    public func encode(_ text: String, maxLength: Int = WordPieceTokenizer.defaultMaxLength) -> TokenizedText {
        let bodyLimit = max(2, maxLength) - 2
        var ids: [Int32] = [classifierID]
        ids.reserveCapacity(min(bodyLimit, text.utf8.count) + 2)
        var pieceCount = 0
        forEachWordPiece(of: text) { id in
            if pieceCount < bodyLimit { ids.append(id) }
            pieceCount += 1
        }
        ids.append(separatorID)
        let tokens = ids.map { vocabulary.tokens[Int($0)] }
        return TokenizedText(ids: ids, tokens: tokens, truncated: pieceCount > bodyLimit,
                             untruncatedLength: pieceCount + 2)
    }

    /// Tokenises raw bytes that should be UTF-8. Invalid sequences (stray continuation bytes,
    /// overlong forms, surrogates, truncated sequences) are decoded as U+FFFD REPLACEMENT
    /// CHARACTER, one per maximal invalid subpart (Swift's `String(decoding:as:)`), and text
    /// cleaning then removes every U+FFFD as the reference does: `foo\xFFbar` encodes as
    /// `foobar`. Never fails.
    public func encode(utf8Bytes: some Collection<UInt8>, maxLength: Int = WordPieceTokenizer.defaultMaxLength) -> TokenizedText {
        encode(String(decoding: utf8Bytes, as: UTF8.self), maxLength: maxLength)
    }

    /// The WordPiece ids of `text` without `[CLS]`, `[SEP]` or truncation.
    public func wordPieceIDs(_ text: String) -> [Int32] {
        var ids: [Int32] = []
        forEachWordPiece(of: text) { ids.append($0) }
        return ids
    }

    private func forEachWordPiece(of text: String, _ body: (Int32) -> Void) {
        guard text.utf8.contains(UInt8(ascii: "[")) else {  // no special token possible
            normalizedWordPieces(basic.normalize(text), body)
            return
        }
        let raw = Array(text.unicodeScalars)
        var segmentStart = 0
        var index = 0
        while index < raw.count {
            if raw[index] == "[", let special = specialToken(in: raw, at: index) {
                segmentWordPieces(raw[segmentStart..<index], body)
                body(special.id)
                index += special.length
                segmentStart = index
            } else {
                index += 1
            }
        }
        segmentWordPieces(raw[segmentStart..<raw.count], body)
    }

    /// The special token written literally at `raw[index...]`, if any (exact, case-sensitive).
    private func specialToken(in raw: [Unicode.Scalar], at index: Int) -> (id: Int32, length: Int)? {
        for special in specialTokens where raw.count - index >= special.scalars.count {
            if raw[index..<(index + special.scalars.count)].elementsEqual(special.scalars) {
                return (special.id, special.scalars.count)
            }
        }
        return nil
    }

    /// A stretch of raw text between special tokens: normalised on its own, as the reference does.
    private func segmentWordPieces(_ segment: ArraySlice<Unicode.Scalar>, _ body: (Int32) -> Void) {
        guard !segment.isEmpty else { return }
        var view = String.UnicodeScalarView()
        view.append(contentsOf: segment)
        normalizedWordPieces(basic.normalize(String(view)), body)
    }

    private func normalizedWordPieces(_ scalars: [Unicode.Scalar], _ body: (Int32) -> Void) {
        for word in basic.wordRanges(in: scalars) {
            wordPieces(scalars, word, body)
        }
    }

    /// WordPiece on one word: greedy longest match, `[UNK]` for the whole word on failure.
    private func wordPieces(_ scalars: [Unicode.Scalar], _ word: Range<Int>, _ body: (Int32) -> Void) {
        if word.count > Self.maxInputCharactersPerWord {
            body(unknownID)
            return
        }
        var pieces: [Int32] = []
        var start = word.lowerBound
        while start < word.upperBound {
            guard let match = vocabulary.longestMatch(scalars, in: start..<word.upperBound,
                                                      continuation: start > word.lowerBound) else {
                body(unknownID)
                return
            }
            pieces.append(match.id)
            start = match.end
        }
        pieces.forEach(body)
    }
}
