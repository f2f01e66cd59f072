/// Reads leetspeak digits and symbols as letters, only inside letter words.
///
/// A *candidate* is a maximal run of letters, digits and leet symbols. Its leet characters
/// become letters when all of these hold:
/// * it holds a leet character and no digit without a letter reading (2, 6);
/// * it is not a number with a unit or ordinal ("3d", "4k", "1990s", "35mm", "1080p", "2nd");
/// * it is not one or two letters followed by one digit ("mp3", "k9", "ps5", "b4"); three or
///   more letters and one digit do read ("nud3", "blu3"; also "gpt4" -> "gpta", harmless);
/// * it has at least two letters, or is letters followed by 2+ leet digits ("a55"), or has a
///   letter and "@"/"$" symbols and is 3+ long ("a$$").
/// Letters joined by the split-letter pass only need two letters ("n.u.d.3").
/// "!" and "+" at either end of a candidate are punctuation ("wow!", "c++"), not letters;
/// "@" and "$" read as letters anywhere ("@ss", "a$$").
enum LeetspeakReader {
    /// Digit readings.
    static let digitLetters: [UInt32: Unicode.Scalar] = [
        0x30: "o", 0x31: "i", 0x33: "e", 0x34: "a", 0x35: "s", 0x37: "t", 0x38: "b", 0x39: "g",
    ]

    /// Symbol readings (after NFKC and case folding).
    static let symbolLetters: [UInt32: Unicode.Scalar] = [
        0x40: "a",    // @
        0x24: "s",    // $
        0x21: "i",    // !
        0x7C: "l",    // |
        0x2B: "t",    // +
        0xA1: "i",    // ¡
        0xA2: "c",    // ¢
        0xA7: "s",    // §
        0x20AC: "e",  // €
    ]

    /// Symbols that are punctuation at the ends of a candidate.
    static func isEdgePunctuation(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "!" || scalar == "+"
    }

    /// Letter suffixes of numbers that keep the number a number ("4k", "1990s", "35mm").
    static let numberSuffixes: Set<String> = [
        "s", "k", "d", "p", "x", "m", "g", "h", "l", "v", "w", "b", "t", "mm", "cm", "km", "kg", "mg", "ml",
        "st", "nd", "rd", "th", "fps", "mph", "kmh", "px", "hz", "khz", "mhz", "ghz", "kb", "mb", "gb", "tb",
        "ft", "in", "yo", "hr", "hrs", "min", "am", "pm", "lb", "lbs", "oz", "mp", "kw", "mah", "ds", "bit",
        "ms", "sec", "yr", "yrs", "dpi", "ppi", "ar", "sx",
    ]

    static func isCandidateCharacter(_ scalar: Unicode.Scalar) -> Bool {
        ScalarClass.isLetter(scalar) || ScalarClass.isASCIIDigit(scalar) || symbolLetters[scalar.value] != nil
    }

    static func reading(of scalar: Unicode.Scalar) -> Unicode.Scalar? {
        digitLetters[scalar.value] ?? symbolLetters[scalar.value]
    }

    /// Rewrites leet characters of qualifying candidates in `units`.
    static func read(_ units: [NormalizedUnit]) -> [NormalizedUnit] {
        var output = units
        var start = 0
        while start < output.count {
            guard isCandidateCharacter(output[start].scalar) else {
                start += 1
                continue
            }
            var end = start
            while end < output.count, isCandidateCharacter(output[end].scalar) { end += 1 }
            var core = start..<end
            while !core.isEmpty, isEdgePunctuation(output[core.lowerBound].scalar) { core = (core.lowerBound + 1)..<core.upperBound }
            while !core.isEmpty, isEdgePunctuation(output[core.upperBound - 1].scalar) { core = core.lowerBound..<(core.upperBound - 1) }
            let scalars = Array(output[core].map(\.scalar))
            let wasSplit = output[core].contains(where: \.joined)
            if qualifies(scalars) || (wasSplit && scalars.filter(ScalarClass.isLetter).count >= 2) {
                for index in core {
                    if let letter = reading(of: output[index].scalar) { output[index].scalar = letter }
                }
            }
            start = end
        }
        return output
    }

    /// Whether the scalars of one candidate (edge punctuation trimmed) read as a leet word.
    static func qualifies(_ scalars: [Unicode.Scalar]) -> Bool {
        var letters = 0
        var leet = 0
        for scalar in scalars {
            if ScalarClass.isLetter(scalar) {
                letters += 1
            } else if reading(of: scalar) != nil {
                leet += 1
            } else if ScalarClass.isASCIIDigit(scalar) {
                return false
            }
        }
        guard leet > 0, letters > 0 else { return false }
        // digits then letters: a number with a unit or ordinal?
        if let firstLetter = scalars.firstIndex(where: ScalarClass.isLetter),
           firstLetter > 0,
           scalars[..<firstLetter].allSatisfy(ScalarClass.isASCIIDigit),
           scalars[firstLetter...].allSatisfy(ScalarClass.isLetter) {
            var suffix = String.UnicodeScalarView()
            suffix.append(contentsOf: scalars[firstLetter...])
            return !numberSuffixes.contains(String(suffix))
        }
        // letters then digits: a model name ("mp3") or a leet tail ("a55")?
        if let firstDigit = scalars.firstIndex(where: ScalarClass.isASCIIDigit),
           firstDigit > 0,
           scalars[..<firstDigit].allSatisfy(ScalarClass.isLetter),
           scalars[firstDigit...].allSatisfy(ScalarClass.isASCIIDigit) {
            return scalars.count - firstDigit >= 2 || firstDigit >= 3
        }
        let symbols = scalars.filter { symbolLetters[$0.value] != nil }.count
        return letters >= 2 || (symbols >= 1 && scalars.count >= 3)
    }
}
