import Foundation
import Testing
import TextEncoder

/// Golden token ids: `Models/text-encoder/golden/tokens.json`, made by
/// `bash Models/text-encoder/make_model.sh` (reference: the package's tokenizer.json through
/// `tokenizers`, padding off, truncation at 256). Format: `Models/text-encoder/golden/README.md`.
enum TokenizerFixtures {
    /// The package root, found from this file's path (Tests/TextEncoderTests/TokenizerTests.swift).
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let modelDirectory = packageRoot.appendingPathComponent("Models/text-encoder")
    static let vocabularyURL = modelDirectory.appendingPathComponent("vocab.txt")

    struct File: Decodable {
        let format: String
        let max_length: Int
        let cases: [Case]
    }

    struct Case: Decodable, Sendable, CustomTestStringConvertible {
        let name: String
        let text: String
        let ids: [Int32]
        let tokens: [String]
        let truncated: Bool
        let untruncated_length: Int
        var testDescription: String { name }
    }

    static func golden() throws -> File {
        let data = try Data(contentsOf: modelDirectory.appendingPathComponent("golden/tokens.json"))
        return try JSONDecoder().decode(File.self, from: data)
    }

    static func goldenCases() throws -> [Case] { try golden().cases }

    /// Loaded once for the whole suite (building the vocabulary trie is the slow part in debug builds).
    private static let shared = Result { () throws(TextEncoderError) -> WordPieceTokenizer in
        try WordPieceTokenizer(vocabularyURL: vocabularyURL)
    }

    static func tokenizer() throws -> WordPieceTokenizer { try shared.get() }

    /// A tokenizer over a tiny in-memory vocabulary: ids 0 [PAD], 1 [UNK], 2 [CLS], 3 [SEP], then `extra`.
    static func tinyTokenizer(_ extra: [String]) throws -> WordPieceTokenizer {
        try WordPieceTokenizer(vocabulary: Vocabulary(tokens: ["[PAD]", "[UNK]", "[CLS]", "[SEP]"] + extra))
    }
}

@Suite("WordPiece tokenizer against the reference BERT tokenizer")
struct TokenizerTests {
    @Test("The golden file holds every kind of case the recipe writes")
    func goldenFileIsComplete() throws {
        let golden = try TokenizerFixtures.golden()
        #expect(golden.format == "warden.text-encoder.tokens/1")
        #expect(golden.max_length == WordPieceTokenizer.defaultMaxLength)
        #expect(golden.cases.count >= 30)
        let names = Set(golden.cases.map(\.name))
        for required in ["plain", "accents", "cjk_chinese", "emoji", "empty", "over_long",
                         "control_characters", "mixed_scripts", "art_prompt_photo", "unicode_8_edges"] {
            #expect(names.contains(required), "golden case \(required) missing")
        }
        #expect(golden.cases.contains { $0.truncated }, "no truncated case: truncation is untested")
    }

    @Test("Token ids equal the reference's for every golden sentence", arguments: try TokenizerFixtures.goldenCases())
    func matchesGolden(_ golden: TokenizerFixtures.Case) throws {
        let tokenizer = try TokenizerFixtures.tokenizer()
        let encoded = tokenizer.encode(golden.text, maxLength: 256)
        #expect(encoded.ids == golden.ids)
        #expect(encoded.tokens == golden.tokens)
        #expect(encoded.truncated == golden.truncated)
        #expect(encoded.untruncatedLength == golden.untruncated_length)
        #expect(encoded.ids.count <= 256)
    }

    @Test("The vocabulary is all-MiniLM-L6-v2's: 30,522 tokens and BERT's special ids")
    func vocabularyShape() throws {
        let tokenizer = try TokenizerFixtures.tokenizer()
        #expect(tokenizer.vocabulary.count == 30522)
        #expect(tokenizer.vocabulary.id(of: "[PAD]") == 0)
        #expect(tokenizer.unknownID == 100)
        #expect(tokenizer.classifierID == 101)
        #expect(tokenizer.separatorID == 102)
        #expect(tokenizer.vocabulary.id(of: "##ill") == 8591)
        #expect(tokenizer.vocabulary.token(of: 8591) == "##ill")
        #expect(tokenizer.vocabulary.token(of: 30522) == nil)
        #expect(tokenizer.vocabulary.token(of: -1) == nil)
    }

    @Test("An empty string encodes as [CLS] [SEP]")
    func emptyString() throws {
        let encoded = try TokenizerFixtures.tokenizer().encode("")
        #expect(encoded == TokenizedText(ids: [101, 102], tokens: ["[CLS]", "[SEP]"], truncated: false, untruncatedLength: 2))
    }

    @Test("100 kB of prose is truncated to the limit and its full length reported")
    func hundredKilobytesOfProse() throws {
        let tokenizer = try TokenizerFixtures.tokenizer()
        let unit = "The quick brown fox jumps over the lazy dog. "
        let repeats = 100_000 / unit.utf8.count + 1
        let text = String(repeating: unit, count: repeats)
        #expect(text.utf8.count >= 100_000)
        let piecesPerUnit = tokenizer.wordPieceIDs(unit).count
        #expect(piecesPerUnit == 10)
        let encoded = tokenizer.encode(text)
        #expect(encoded.truncated)
        #expect(encoded.untruncatedLength == 2 + piecesPerUnit * repeats)
        #expect(encoded.ids.count == 256)
        #expect(encoded.tokens.count == 256)
        #expect(encoded.ids.first == 101 && encoded.ids.last == 102)
        #expect(Array(encoded.ids[1...10]) == tokenizer.wordPieceIDs(unit))
    }

    @Test("A 100 kB word without spaces is one [UNK]; 100 kB of mixed scripts stays within the limit")
    func hundredKilobytesUnbroken() throws {
        let tokenizer = try TokenizerFixtures.tokenizer()
        let word = tokenizer.encode(String(repeating: "a", count: 100_000))
        #expect(word.ids == [101, 100, 102])
        #expect(!word.truncated)
        let mixed = String(repeating: "猫🍕é\u{0}Ж,x ", count: 100_000 / 18)
        let encoded = tokenizer.encode(mixed, maxLength: 64)
        #expect(encoded.ids.count == 64)
        #expect(encoded.truncated)
        #expect(encoded.untruncatedLength > 64)
    }

    @Test("Control characters are removed, tab/newline/carriage return act as spaces")
    func controlCharacters() throws {
        let tokenizer = try TokenizerFixtures.tokenizer()
        var controls = String.UnicodeScalarView()
        for value in Array(0x00...0x1F) + [0x7F] + Array(0x80...0x9F) + [0x200B, 0xFEFF, 0x00AD, 0xE000, 0xFFFD] {
            if let scalar = Unicode.Scalar(UInt32(value)) { controls.append(scalar) }
        }
        #expect(tokenizer.encode(String(controls)).ids == [101, 102])
        #expect(tokenizer.encode("cat\u{0}\u{7}\u{1B}fish").ids == tokenizer.encode("catfish").ids)
        #expect(tokenizer.encode("cat\tfish\r\nbowl").ids == tokenizer.encode("cat fish bowl").ids)
    }

    @Test("Invalid UTF-8 decodes with replacement characters, which cleaning removes", arguments: [
        ([0x66, 0x6F, 0x6F, 0xFF, 0x62, 0x61, 0x72], "foobar"),          // 0xFF never valid
        ([0x63, 0x61, 0x74, 0xC3], "cat"),                                // truncated 2-byte sequence
        ([0xED, 0xA0, 0x80, 0x64, 0x6F, 0x67], "dog"),                    // UTF-16 surrogate
        ([0xC0, 0xAF, 0x61], "a"),                                        // overlong "/"
        ([0x80, 0x80, 0x80], ""),                                         // stray continuation bytes
        ([0x63, 0x61, 0x66, 0xC3, 0xA9], "café"),                         // valid
    ] as [([UInt8], String)])
    func invalidUTF8(bytes: [UInt8], same: String) throws {
        let tokenizer = try TokenizerFixtures.tokenizer()
        #expect(tokenizer.encode(utf8Bytes: bytes) == tokenizer.encode(same))
    }

    @Test("Truncation is reported at every limit, never silent", arguments: [0, 1, 2, 3, 5, 12, 13, 14])
    func truncationAtLimits(maxLength: Int) throws {
        let tokenizer = try TokenizerFixtures.tokenizer()
        let text = "A photo of a cat sitting on a windowsill."  // 13 ids with [CLS]/[SEP]
        let full = tokenizer.encode(text, maxLength: 512)
        #expect(full.ids.count == 13 && !full.truncated)
        let encoded = tokenizer.encode(text, maxLength: maxLength)
        let kept = max(2, maxLength)
        #expect(encoded.untruncatedLength == 13)
        #expect(encoded.truncated == (kept < 13))
        #expect(encoded.ids == Array(full.ids.prefix(min(kept, 13) - 1)) + [102])
    }

    @Test("The basic tokenizer cleans, strips accents, lowercases and splits CJK and punctuation")
    func basicTokenizerWords() {
        let words = BasicTokenizer().words("Café,\u{0}OK?\u{3000}猫x İ\u{301}a")
        #expect(words == ["cafe", ",", "ok", "?", "猫", "x", "ia"])
        #expect(BasicTokenizer().words(" \t\n ").isEmpty)
    }

    @Test("Special tokens written in the text become their ids, as in the reference; other spellings do not")
    func specialTokensInText() throws {
        let tokenizer = try TokenizerFixtures.tokenizer()
        #expect(tokenizer.encode("a[SEP]b").tokens == ["[CLS]", "a", "[SEP]", "b", "[SEP]"])
        #expect(tokenizer.encode("[[MASK]]").ids == [101, 1031, 103, 1033, 102])
        #expect(tokenizer.encode("[sep]").tokens == ["[CLS]", "[", "sep", "]", "[SEP]"])
        #expect(tokenizer.encode("[SE\u{0}P]").tokens == ["[CLS]", "[", "sep", "]", "[SEP]"])
        let injected = tokenizer.encode(String(repeating: "[CLS]", count: 300))
        #expect(injected.truncated && injected.ids.count == 256 && injected.untruncatedLength == 302)
    }

    @Test("Lookups compare scalars exactly: decomposed Hangul does not find a precomposed token")
    func exactScalarLookup() throws {
        // NFD turns U+C544 (아) into U+110B U+1161; Swift's String == would call them equal.
        let precomposed = try TokenizerFixtures.tinyTokenizer(["\u{C544}"])
        #expect(precomposed.encode("\u{C544}").ids == [2, 1, 3])
        let jamo = try TokenizerFixtures.tinyTokenizer(["\u{110B}", "##\u{1161}"])
        #expect(jamo.encode("\u{C544}").ids == [2, 4, 5, 3])
    }

    @Test("WordPiece: greedy longest match with ##, [UNK] for an unmatchable word or one over 100 scalars")
    func wordPieceRules() throws {
        let tokenizer = try TokenizerFixtures.tinyTokenizer(["un", "una", "##ble", "##able", "##b", "a"])
        #expect(tokenizer.encode("unable").tokens == ["[CLS]", "una", "##ble", "[SEP]"])
        #expect(tokenizer.encode("unabx a").tokens == ["[CLS]", "[UNK]", "a", "[SEP]"])
        let hundred = String(repeating: "a", count: 100)
        #expect(tokenizer.encode(hundred).tokens == ["[CLS]", "[UNK]", "[SEP]"])  // "##a" missing
        let long = try TokenizerFixtures.tinyTokenizer(["a", "##a"])
        #expect(long.encode(hundred).ids.count == 102)
        #expect(long.encode(hundred + "a").tokens == ["[CLS]", "[UNK]", "[SEP]"])
    }

    @Test("A missing vocabulary file is a typed error naming the file")
    func missingVocabulary() {
        let url = URL(fileURLWithPath: "/nonexistent/vocab.txt")
        #expect {
            _ = try WordPieceTokenizer(vocabularyURL: url)
        } throws: { error in
            guard case .vocabularyUnreadable(let file, _)? = error as? TextEncoderError else { return false }
            return file == "/nonexistent/vocab.txt"
        }
    }

    @Test("A vocabulary with a repeated token or without [UNK] is refused")
    func badVocabularies() {
        #expect(throws: TextEncoderError.vocabularyDuplicateToken(file: "test", token: "a", firstLine: 5, line: 6)) {
            _ = try Vocabulary(tokens: ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "a", "a"], source: "test")
        }
        #expect(throws: TextEncoderError.vocabularyMissingSpecialToken(file: "vocabulary", token: "[UNK]")) {
            _ = try WordPieceTokenizer(vocabulary: Vocabulary(tokens: ["[PAD]", "[CLS]", "[SEP]"]))
        }
        #expect(throws: TextEncoderError.vocabularyEmpty(file: "in-memory vocabulary")) {
            _ = try Vocabulary(tokens: [])
        }
    }

    @Test("A vocabulary file that is not UTF-8 is a typed error")
    func nonUTF8Vocabulary() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("warden-vocab-\(UUID().uuidString).txt")
        try Data([0x5B, 0x55, 0x4E, 0x4B, 0x5D, 0x0A, 0xFF, 0xFE, 0x0A]).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        #expect(throws: TextEncoderError.vocabularyNotUTF8(file: url.path)) {
            _ = try Vocabulary(contentsOf: url)
        }
    }
}
