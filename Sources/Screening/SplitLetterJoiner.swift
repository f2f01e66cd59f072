/// Joins letters split apart to dodge keyword filters ("n u d e", "n.u.d.e", "n-u-d-3",
/// "n_u_d_e", "n*u*d*e", "(n)(u)(d)(e)").
///
/// A *single-character token* is one letter, digit or leet symbol with no letter, digit, "@"
/// or "$" on either side ("n u d e?" ends in a token). A run of at least 3 such tokens, each separated from the next by
/// 1-3 separator characters (space . - _ * · • ~ / ( ) [ ]), of which at least 2 are letters,
/// is joined by dropping the separators between its tokens. Words of two or more letters are
/// never joined, so ordinary text ("a cat on a mat", "x-ray", "t-shirt") is untouched; runs of
/// digits ("1 2 3", "3.5.1") need two letters and stay apart.
///
/// Joined units are marked, and the leetspeak pass reads their digits as letters more readily
/// ("n.u.d.3" -> "nude", although "nud3" alone would look like "mp3").
///
/// When a run starts with the one-letter words "a" or "i" followed by a space
/// ("a n u d e woman"), the letter after it is marked as a possible word start, so the
/// matcher can still find "nude" inside the joined "anude".
enum SplitLetterJoiner {
    /// The separators that may split a word's letters.
    static func isSeparator(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case " ", ".", "-", "_", "*", "~", "/", "(", ")", "[", "]", "\u{B7}", "\u{2022}", "\u{2027}", "\u{2010}", "\u{2013}", "\u{2014}":
            return true
        default:
            return false
        }
    }

    /// A character that may stand for a letter in a split word.
    static func isTokenCharacter(_ scalar: Unicode.Scalar) -> Bool {
        ScalarClass.isLetter(scalar) || ScalarClass.isASCIIDigit(scalar) || LeetspeakReader.symbolLetters[scalar.value] != nil
    }

    /// A neighbour that makes a character part of a longer word.
    static func continuesWord(_ scalar: Unicode.Scalar) -> Bool {
        ScalarClass.isWordScalar(scalar) || scalar == "@" || scalar == "$"
    }

    static func isSingleToken(_ units: [NormalizedUnit], at index: Int) -> Bool {
        guard isTokenCharacter(units[index].scalar) else { return false }
        if index > 0, continuesWord(units[index - 1].scalar) { return false }
        if index + 1 < units.count, continuesWord(units[index + 1].scalar) { return false }
        return true
    }

    /// Joins every qualifying run in `units`.
    static func join(_ units: [NormalizedUnit]) -> [NormalizedUnit] {
        guard units.count >= 5 else { return units }
        var output: [NormalizedUnit] = []
        output.reserveCapacity(units.count)
        var index = 0
        while index < units.count {
            guard isSingleToken(units, at: index) else {
                output.append(units[index])
                index += 1
                continue
            }
            var tokens = [index]
            var cursor = index
            var firstGap: [Unicode.Scalar]? = nil
            while true {
                var next = cursor + 1
                while next < units.count, next - cursor <= 4, isSeparator(units[next].scalar) { next += 1 }
                let gap = next - cursor - 1
                guard gap >= 1, gap <= 3, next < units.count, isSingleToken(units, at: next) else { break }
                let separators = units[(cursor + 1)..<next].map(\.scalar)
                // Gaps must repeat exactly, so "s.e.l.f-h.a.r.m" keeps its hyphen ("self-harm").
                // Mixed single separators ("n.u-d_e") are bridged by the matcher instead.
                if let firstGap, firstGap != separators { break }
                firstGap = separators
                tokens.append(next)
                cursor = next
            }
            let letters = tokens.filter { ScalarClass.isLetter(units[$0].scalar) }.count
            guard tokens.count >= 3, letters >= 2 else {
                // Only the first token is settled: the next one may start a run of its own
                // (in "a n.u.d.e" the run "a n" breaks where the separator changes).
                output.append(units[index])
                index += 1
                continue
            }
            let leadsWithArticle = (units[index].scalar == "a" || units[index].scalar == "i")
                && units[index + 1].scalar == " " && tokens[1] == index + 2
            for (position, tokenIndex) in tokens.enumerated() {
                var unit = units[tokenIndex]
                unit.joined = true
                if position == 1, leadsWithArticle { unit.softBoundary = true }
                output.append(unit)
            }
            index = cursor + 1
        }
        return output
    }
}
