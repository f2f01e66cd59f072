import Foundation

/// A WordPiece vocabulary: one token per line of `vocab.txt`, the id of a token is its line
/// number counted from 0.
///
/// Lookups compare Unicode scalars exactly, as the reference's byte-keyed hash map does. Swift's
/// `String` equality would not do: it treats canonically equivalent strings as equal, so a
/// decomposed Hangul syllable (NFD jamo, as the normaliser produces) would wrongly find the
/// precomposed syllable. Tokens live in a trie over scalars, which also makes WordPiece's greedy
/// longest match a single walk.
///
/// Reading mirrors huggingface/tokenizers `WordPiece::read_file`
/// (`tokenizers/src/models/wordpiece/mod.rs`): lines split on "\n", trailing whitespace of each
/// line removed. Unlike the reference, which keeps the last id of a repeated token, a repeated
/// token is refused as an error.
public struct Vocabulary: Sendable {
    /// The continuation prefix of WordPiece tokens that do not start a word.
    public static let continuationPrefix = "##"

    /// The tokens, indexed by id.
    public let tokens: [String]
    private let trie: ScalarTrie

    /// The number of tokens.
    public var count: Int { tokens.count }

    /// Reads a `vocab.txt` (UTF-8, one token per line).
    public init(contentsOf url: URL) throws(TextEncoderError) {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw .vocabularyUnreadable(file: url.path, reason: "\(error)")
        }
        guard let text = String(validating: data, as: UTF8.self) else {
            throw .vocabularyNotUTF8(file: url.path)
        }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            var scalars = Substring(line).unicodeScalars
            while let last = scalars.last, last.properties.isWhitespace { scalars.removeLast() }
            return String(scalars)
        }
        if lines.last == "" { lines.removeLast() }
        try self.init(tokens: lines, source: url.path)
    }

    /// A vocabulary of `tokens` (id = index); `source` names it in errors.
    public init(tokens: [String], source: String = "in-memory vocabulary") throws(TextEncoderError) {
        guard !tokens.isEmpty else { throw .vocabularyEmpty(file: source) }
        guard tokens.count < Int(Int32.max) else {
            throw .vocabularyTooLarge(file: source, count: tokens.count)
        }
        var trie = ScalarTrie()
        let prefix = Array(Self.continuationPrefix.unicodeScalars)
        for (index, token) in tokens.enumerated() {
            let scalars = Array(token.unicodeScalars)
            if let first = trie.insert(scalars[...], root: ScalarTrie.wordStart, id: Int32(index)) {
                throw .vocabularyDuplicateToken(file: source, token: token,
                                                firstLine: Int(first) + 1, line: index + 1)
            }
            if scalars.count > prefix.count, scalars.starts(with: prefix) {
                _ = trie.insert(scalars[prefix.count...], root: ScalarTrie.continuation, id: Int32(index))
            }
        }
        self.tokens = tokens
        self.trie = trie
    }

    /// The id of `token`, compared scalar by scalar; `nil` if it is not in the vocabulary.
    public func id(of token: String) -> Int32? {
        let scalars = Array(token.unicodeScalars)
        guard let match = trie.longestMatch(scalars, in: 0..<scalars.count, root: ScalarTrie.wordStart),
              match.end == scalars.count else { return nil }
        return match.id
    }

    /// The token of `id`, or `nil` outside `0..<count`.
    public func token(of id: Int32) -> String? {
        tokens.indices.contains(Int(id)) ? tokens[Int(id)] : nil
    }

    /// WordPiece's step: the longest token matching `scalars[range.lowerBound...]` within `range`,
    /// looked up as `"##" + piece` when `continuation` is true. Returns where the match ends.
    func longestMatch(_ scalars: [Unicode.Scalar], in range: Range<Int>, continuation: Bool) -> (end: Int, id: Int32)? {
        trie.longestMatch(scalars, in: range, root: continuation ? ScalarTrie.continuation : ScalarTrie.wordStart)
    }
}
