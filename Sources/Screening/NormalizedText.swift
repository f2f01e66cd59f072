import Foundation

/// One Unicode scalar of a normalised prompt, with the UTF-16 range of the original prompt it
/// came from. Several units may share one original range (NFKC expansions such as "ﬁ" -> "fi"),
/// and one unit may stand for several original scalars (a base letter with combining marks).
struct NormalizedUnit: Sendable, Equatable {
    /// The normalised scalar.
    var scalar: Unicode.Scalar
    /// First UTF-16 offset in the original prompt.
    var start: Int32
    /// One past the last UTF-16 offset in the original prompt.
    var end: Int32
    /// A word may start at this unit even though the unit before it is a letter: set by the
    /// split-letter join on the letter after a leading article ("a n u d e" -> "anude", where
    /// "nude" may still match).
    var softBoundary = false
    /// Set by the split-letter join on the letters it joined.
    var joined = false
}

/// A prompt after `TextNormalizer`, with the map back to what the user typed.
///
/// Offsets are UTF-16 code units on both sides (what `NSString`, JavaScript and JSON clients
/// count), so a span reported to a caller can be applied to the prompt they sent.
public struct NormalizedText: Sendable, Equatable {
    /// The prompt as received.
    public let original: String
    /// The normalised prompt (what lexicons match and what a classifier may read).
    public let text: String
    /// The units the matcher reads: every transform applied except the display collapse of
    /// repeated letters (the matcher compares run lengths itself).
    let units: [NormalizedUnit]
    /// Whether repeated letters were collapsed (the matcher then accepts elongated runs).
    let collapsesRepeats: Bool
    /// The transforms that changed something in this prompt (for explanations and audit: a
    /// prompt that needed `.homoglyphs`, `.leetspeak` or `.removeInvisible` was disguised).
    public let appliedTransforms: TextNormalizer.Transforms
    /// For each UTF-16 code unit of `text`, the original UTF-16 range it came from.
    let originStarts: [Int32]
    let originEnds: [Int32]

    init(original: String, text: String, units: [NormalizedUnit], collapsesRepeats: Bool,
         appliedTransforms: TextNormalizer.Transforms, originStarts: [Int32], originEnds: [Int32]) {
        self.original = original
        self.text = text
        self.units = units
        self.collapsesRepeats = collapsesRepeats
        self.appliedTransforms = appliedTransforms
        self.originStarts = originStarts
        self.originEnds = originEnds
    }

    /// Length of `text` in UTF-16 code units.
    public var normalizedLength: Int { originStarts.count }

    /// Length of `original` in UTF-16 code units.
    public var originalLength: Int { original.utf16.count }

    /// The range of `original` (UTF-16 offsets) that produced `range` of `text` (UTF-16
    /// offsets). Out-of-range bounds are clamped; an empty range maps to an empty range at the
    /// original position of its bound.
    public func originalRange(ofNormalized range: Range<Int>) -> Range<Int> {
        let count = originStarts.count
        let lower = min(max(range.lowerBound, 0), count)
        let upper = min(max(range.upperBound, lower), count)
        if lower == upper {
            let position = lower < count ? Int(originStarts[lower]) : originalLength
            return position..<position
        }
        var start = Int(originStarts[lower])
        var end = Int(originEnds[lower])
        for index in lower..<upper {
            start = min(start, Int(originStarts[index]))
            end = max(end, Int(originEnds[index]))
        }
        return start..<end
    }

    /// The substring of `original` between two UTF-16 offsets (clamped, snapped to scalars).
    public func originalText(in range: Range<Int>) -> String {
        Self.substring(of: original, utf16: range)
    }

    static func substring(of string: String, utf16 range: Range<Int>) -> String {
        let count = string.utf16.count
        let lower = min(max(range.lowerBound, 0), count)
        let upper = min(max(range.upperBound, lower), count)
        let utf16 = string.utf16
        let start = utf16.index(utf16.startIndex, offsetBy: lower)
        let end = utf16.index(start, offsetBy: upper - lower)
        guard let scalarStart = start.samePosition(in: string.unicodeScalars),
              let scalarEnd = end.samePosition(in: string.unicodeScalars) else {
            return String(decoding: Array(utf16[start..<end]), as: UTF16.self)
        }
        return String(string.unicodeScalars[scalarStart..<scalarEnd])
    }
}
