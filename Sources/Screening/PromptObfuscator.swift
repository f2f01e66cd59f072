/// Spelling tricks of the kind published attacks use, applied deterministically to a prompt, so
/// evaluations can measure how much recall screening keeps under each one (issue: obfuscated
/// validation prompts must lose at most 3 points of recall). Each kind is undone by one
/// `TextNormalizer` transform; `Obfuscation.undoneBy` names it.
public enum Obfuscation: String, CaseIterable, Codable, Sendable {
    /// U+200B between the letters of every word ("n\u{200B}u\u{200B}d\u{200B}e").
    case zeroWidth = "zero-width"
    /// Fullwidth forms ("ｎｕｄｅ").
    case fullwidth
    /// Mathematical bold letters and digits ("𝐧𝐮𝐝𝐞").
    case mathematicalBold = "math-bold"
    /// Cyrillic look-alikes for a c e o p x y i j s ("ѕех").
    case homoglyphs
    /// Alternating case ("NuDe").
    case mixedCase = "mixed-case"
    /// A strike-through mark after every letter ("n̶u̶d̶e̶").
    case combiningMarks = "combining-marks"
    /// Letters of words of 3+ letters split by dots ("n.u.d.e").
    case splitLetters = "split-letters"
    /// Vowels after the first letter as digits, in words of 3+ letters, keeping two letters and
    /// the last letter of 3-letter words ("nud3", "k1ll", "s3x").
    case leetspeak
    /// One vowel of each word of 3+ letters written four times ("nuuuude").
    case repeatedLetters = "repeated-letters"

    /// The normaliser transforms that undo this obfuscation (switching all of them off lets it
    /// through).
    public var undoneBy: TextNormalizer.Transforms {
        switch self {
        case .zeroWidth: return .removeInvisible
        case .fullwidth: return [.compatibilityComposition, .homoglyphs]  // either one folds it
        case .mathematicalBold: return .compatibilityComposition
        case .homoglyphs: return .homoglyphs
        case .mixedCase: return .caseFolding
        case .combiningMarks: return .stripCombiningMarks
        case .splitLetters: return .joinSplitLetters
        case .leetspeak: return .leetspeak
        case .repeatedLetters: return .collapseRepeats
        }
    }
}

/// Applies an `Obfuscation` to every word of a prompt.
public enum PromptObfuscator {
    /// `prompt` with `kind` applied to all its words (words: maximal runs of ASCII letters).
    public static func obfuscate(_ prompt: String, with kind: Obfuscation) -> String {
        var output = String.UnicodeScalarView()
        var word: [Unicode.Scalar] = []
        func flush() {
            output.append(contentsOf: transform(word, kind))
            word.removeAll()
        }
        for scalar in prompt.unicodeScalars {
            if isASCIILetter(scalar) {
                word.append(scalar)
            } else {
                flush()
                output.append(contentsOf: transformOther(scalar, kind))
            }
        }
        flush()
        return String(output)
    }

    static func isASCIILetter(_ scalar: Unicode.Scalar) -> Bool {
        (scalar.value >= 0x61 && scalar.value <= 0x7A) || (scalar.value >= 0x41 && scalar.value <= 0x5A)
    }

    static func isVowel(_ scalar: Unicode.Scalar) -> Bool {
        "aeiouAEIOU".unicodeScalars.contains(scalar)
    }

    /// Non-letters: only the width-changing kinds touch them.
    static func transformOther(_ scalar: Unicode.Scalar, _ kind: Obfuscation) -> [Unicode.Scalar] {
        switch kind {
        case .fullwidth:
            if scalar == " " { return ["\u{3000}"] }
            if scalar.value >= 0x21, scalar.value <= 0x7E, let wide = Unicode.Scalar(scalar.value + 0xFEE0) { return [wide] }
            return [scalar]
        case .mathematicalBold:
            if scalar.value >= 0x30, scalar.value <= 0x39, let bold = Unicode.Scalar(scalar.value - 0x30 + 0x1D7CE) { return [bold] }
            return [scalar]
        default:
            return [scalar]
        }
    }

    static func transform(_ word: [Unicode.Scalar], _ kind: Obfuscation) -> [Unicode.Scalar] {
        guard !word.isEmpty else { return [] }
        switch kind {
        case .zeroWidth:
            return Array(word.map { [$0] }.joined(separator: ["\u{200B}"]))
        case .fullwidth:
            return word.compactMap { Unicode.Scalar($0.value + 0xFEE0) }
        case .mathematicalBold:
            return word.compactMap { scalar in
                let value = scalar.value
                return Unicode.Scalar(value >= 0x61 ? value - 0x61 + 0x1D41A : value - 0x41 + 0x1D400)
            }
        case .homoglyphs:
            let table: [Unicode.Scalar: Unicode.Scalar] = [
                "a": "\u{430}", "c": "\u{441}", "e": "\u{435}", "o": "\u{43E}", "p": "\u{440}",
                "x": "\u{445}", "y": "\u{443}", "i": "\u{456}", "j": "\u{458}", "s": "\u{455}",
            ]
            return word.map { table[$0] ?? $0 }
        case .mixedCase:
            return word.enumerated().map { index, scalar in
                let value = scalar.value | 0x20
                return Unicode.Scalar(index % 2 == 0 ? value & ~0x20 : value) ?? scalar
            }
        case .combiningMarks:
            return word.flatMap { [$0, "\u{336}"] }
        case .splitLetters:
            guard word.count >= 3 else { return word }
            return Array(word.map { [$0] }.joined(separator: ["."]))
        case .leetspeak:
            guard word.count >= 3 else { return word }
            let digits: [Unicode.Scalar: Unicode.Scalar] = ["a": "4", "e": "3", "i": "1", "o": "0",
                                                           "A": "4", "E": "3", "I": "1", "O": "0"]
            var output = word
            var letters = word.count
            // A 3-letter word keeps its last letter ("th3" would read as a model name like "mp3").
            let last = word.count == 3 ? word.count - 1 : word.count
            for index in 1..<last where letters > 2 {
                if let digit = digits[word[index]] {
                    output[index] = digit
                    letters -= 1
                }
            }
            return output
        case .repeatedLetters:
            guard word.count >= 3 else { return word }
            for index in word.indices where isVowel(word[index]) {
                let before = index > 0 ? word[index - 1] : nil
                let after = index + 1 < word.count ? word[index + 1] : nil
                guard before != word[index], after != word[index] else { continue }
                var output = word
                output.insert(contentsOf: Array(repeating: word[index], count: 3), at: index)
                return output
            }
            return word
        }
    }
}
