/// The character classes of the reference BERT tokenizer, as the fast (Rust) tokenizer that
/// ships with all-MiniLM-L6-v2 (`tokenizer.json`) defines them.
///
/// Mirrors, in huggingface/tokenizers:
/// - `tokenizers/src/normalizers/bert.rs`: `is_whitespace`, `is_control`, `is_chinese_char`
///   (https://github.com/huggingface/tokenizers/blob/main/tokenizers/src/normalizers/bert.rs)
/// - `tokenizers/src/pre_tokenizers/bert.rs`: `is_bert_punc`
///   (https://github.com/huggingface/tokenizers/blob/main/tokenizers/src/pre_tokenizers/bert.rs)
/// and the Python original `_is_whitespace`, `_is_control`, `_is_punctuation`, `_is_chinese_char`
/// of transformers' `models/bert/tokenization_bert.py`.
///
/// Limitation, copied on purpose: the reference takes "control" (Cc, Cf, Co, Cs), punctuation
/// (P*) and non-spacing marks (Mn) from the Rust crate `unicode_categories`, whose tables are
/// Unicode 8.0. A character assigned after 8.0 is therefore none of these (it is kept and usually
/// becomes `[UNK]`), and an unassigned code point is not removed. This type tests a character's
/// Unicode age for the same outcome; the golden case `unicode_8_edges` checks it. Whitespace
/// (`char::is_whitespace`, the White_Space property), lowercasing and NFD use current tables there
/// and here.
enum BertCharacterClass {
    /// The Unicode version of the reference's category tables.
    static let referenceUnicodeVersion = (major: 8, minor: 0)

    /// General categories that changed after Unicode 8.0, as Unicode 8.0 had them. Found by
    /// tokenising `"x" + c + "y"` for every code point of planes 0-3 and 14-16 with the reference
    /// and with this tokenizer (`Models/text-encoder/tokenizer_check/`): these were the only
    /// differences left once the age rule above was in place.
    static let unicode8Categories: [UInt32: Unicode.GeneralCategory] = [
        0x166D: .otherPunctuation,  // CANADIAN SYLLABICS CHI SIGN, So since 12.0
        0x1734: .nonspacingMark,    // HANUNOO SIGN PAMUDPOD, Mc since 14.0
        0x1885: .otherLetter,       // MONGOLIAN LETTER ALI GALI BALUDA, Mn since 9.0
        0x1886: .otherLetter,       // MONGOLIAN LETTER ALI GALI THREE BALUDA, Mn since 9.0
        0xA9BD: .spacingMark,       // JAVANESE CONSONANT SIGN KERET, Mn since 12.0
        0x111C9: .otherPunctuation, // SHARADA SANDHI MARK, Mn since 11.0
        0x1171E: .nonspacingMark,   // AHOM CONSONANT SIGN MEDIAL RA, Mc since 14.0
    ]

    /// The general category the reference sees: Unicode 8.0's where it differs from today's.
    static func referenceCategory(_ scalar: Unicode.Scalar) -> Unicode.GeneralCategory {
        unicode8Categories[scalar.value] ?? scalar.properties.generalCategory
    }

    /// Whether `scalar` was assigned by the reference's Unicode version (so its category tables know it).
    static func knownToReference(_ scalar: Unicode.Scalar) -> Bool {
        guard let age = scalar.properties.age else { return false }
        return age.major < referenceUnicodeVersion.major
            || (age.major == referenceUnicodeVersion.major && age.minor <= referenceUnicodeVersion.minor)
    }

    /// `is_whitespace`: tab, newline, carriage return, or the White_Space property.
    static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "\t", "\n", "\r": return true
        default:
            if scalar.isASCII { return scalar.value == 0x20 || scalar.value == 0x0B || scalar.value == 0x0C }
            return scalar.properties.isWhitespace
        }
    }

    /// `is_control`: Cc, Cf, Co or Cs by Unicode 8.0 (not Cn), except tab, newline and carriage return.
    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "\t", "\n", "\r": return false
        default: break
        }
        if scalar.isASCII { return scalar.value < 0x20 || scalar.value == 0x7F }  // Cc
        switch referenceCategory(scalar) {
        case .control, .format, .privateUse, .surrogate: return knownToReference(scalar)
        default: return false
        }
    }

    /// Removed entirely by text cleaning: NUL, U+FFFD REPLACEMENT CHARACTER, or a control character.
    static func isRemovedByCleaning(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value == 0 || scalar.value == 0xFFFD || isControl(scalar)
    }

    /// `is_bert_punc`: ASCII punctuation (`!"#$%&'()*+,-./:;<=>?@[\]^_{|}~` and the backquote)
    /// or a Unicode P* character by Unicode 8.0.
    static func isPunctuation(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        if (33...47).contains(v) || (58...64).contains(v) || (91...96).contains(v) || (123...126).contains(v) {
            return true
        }
        if v < 128 { return false }
        switch referenceCategory(scalar) {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
             .initialPunctuation, .finalPunctuation, .otherPunctuation:
            return knownToReference(scalar)
        default:
            return false
        }
    }

    /// A non-spacing mark (Mn) by Unicode 8.0: what accent stripping removes after NFD.
    static func isNonspacingMark(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value >= 0x300 && referenceCategory(scalar) == .nonspacingMark && knownToReference(scalar)
    }

    /// `is_chinese_char` of the Rust normaliser: these ranges exactly. Note that it starts the
    /// Extension E range at U+2B920 (the Python original: U+2B820) and knows no later extension;
    /// the golden case `cjk_range_edges` checks it.
    static func isChineseCharacter(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x4E00...0x9FFF, 0x3400...0x4DBF, 0x20000...0x2A6DF, 0x2A700...0x2B73F,
             0x2B740...0x2B81F, 0x2B920...0x2CEAF, 0xF900...0xFAFF, 0x2F800...0x2FA1F:
            return true
        default:
            return false
        }
    }
}
