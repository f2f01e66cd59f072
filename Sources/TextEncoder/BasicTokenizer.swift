import Foundation

/// BERT's basic tokenisation: text normalisation, then splitting into words on whitespace and
/// punctuation. ``WordPieceTokenizer`` splits each word further.
///
/// Mirrors the reference of all-MiniLM-L6-v2's `tokenizer.json`:
/// - normaliser `BertNormalizer { clean_text, handle_chinese_chars, strip_accents, lowercase }`
///   (all on), huggingface/tokenizers `tokenizers/src/normalizers/bert.rs`, in this order:
///   1. clean text: drop NUL, U+FFFD and control characters; map whitespace to a space;
///   2. put a space on each side of a CJK ideograph;
///   3. NFD, then drop non-spacing marks (accent stripping);
///   4. lowercase each character (full mapping: "İ" would give "i" + U+0307, but step 3 already
///      removed its dot).
///   The Python `BasicTokenizer` of transformers' `models/bert/tokenization_bert.py` lowercases
///   before stripping accents; the fast tokenizer, which sentence-transformers uses and the golden
///   ids come from, strips first. This type follows the fast one.
/// - pre-tokeniser `BertPreTokenizer`, `tokenizers/src/pre_tokenizers/bert.rs`: split on
///   whitespace (removed) and on punctuation (each punctuation character its own word).
///
/// Everything works on Unicode scalars, never on `Character` (grapheme clusters), as the
/// reference works on code points.
public struct BasicTokenizer: Sendable {
    /// Creates the tokenizer (its settings are those of all-MiniLM-L6-v2: all steps on).
    public init() {}

    /// The normalised text (steps 1-4 above), as Unicode scalars.
    public func normalize(_ text: String) -> [Unicode.Scalar] {
        // Steps 1 and 2: clean text, pad CJK ideographs.
        var cleaned = String.UnicodeScalarView()
        var allASCII = true
        for scalar in text.unicodeScalars {
            if BertCharacterClass.isRemovedByCleaning(scalar) { continue }
            let kept: Unicode.Scalar = BertCharacterClass.isWhitespace(scalar) ? " " : scalar
            if BertCharacterClass.isChineseCharacter(kept) {
                cleaned.append(" ")
                cleaned.append(kept)
                cleaned.append(" ")
            } else {
                cleaned.append(kept)
            }
            allASCII = allASCII && kept.isASCII
        }
        // Step 3: NFD (the identity on ASCII), then strip non-spacing marks. Step 4: lowercase.
        let decomposed = allASCII ? String(cleaned).unicodeScalars
            : String(cleaned).decomposedStringWithCanonicalMapping.unicodeScalars
        var result: [Unicode.Scalar] = []
        result.reserveCapacity(cleaned.count)
        for scalar in decomposed {
            if scalar.isASCII {
                let value = UInt8(truncatingIfNeeded: scalar.value)
                result.append(Unicode.Scalar((65...90).contains(value) ? value + 32 : value))
            } else if BertCharacterClass.isNonspacingMark(scalar) {
                continue
            } else if scalar.properties.changesWhenLowercased {
                result.append(contentsOf: scalar.properties.lowercaseMapping.unicodeScalars)
            } else {
                result.append(scalar)
            }
        }
        return result
    }

    /// The words of `scalars` (already normalised): half-open ranges into `scalars`, whitespace
    /// dropped, every punctuation character a word of its own.
    func wordRanges(in scalars: [Unicode.Scalar]) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        var start: Int? = nil
        for (index, scalar) in scalars.enumerated() {
            if BertCharacterClass.isWhitespace(scalar) {
                if let s = start { ranges.append(s..<index); start = nil }
            } else if BertCharacterClass.isPunctuation(scalar) {
                if let s = start { ranges.append(s..<index); start = nil }
                ranges.append(index..<(index + 1))
            } else if start == nil {
                start = index
            }
        }
        if let s = start { ranges.append(s..<scalars.count) }
        return ranges
    }

    /// The words of `text` after normalisation, e.g. `"Café, OK?"` -> `["cafe", ",", "ok", "?"]`.
    public func words(_ text: String) -> [String] {
        let scalars = normalize(text)
        return wordRanges(in: scalars).map { range in
            var view = String.UnicodeScalarView()
            view.append(contentsOf: scalars[range])
            return String(view)
        }
    }
}
