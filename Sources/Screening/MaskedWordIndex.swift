/// Single-word terms indexed by their masked spellings, so "f*ck", "p**n", "n#de" and "sh*t"
/// hit "fuck", "porn", "nude" and "shit".
///
/// For every single-word term of 3+ ASCII letters, the index holds each spelling with one
/// letter, or two adjacent letters, after the first replaced by `*`, keeping at least two
/// letters. A prompt word qualifies when it is a run of letters, digits, `*` and `#` with a mask
/// inside it (leading and trailing masks are emphasis: "*nude*" is matched as plain "nude");
/// `#` counts as `*`. Masks are not guessed beyond the lexicon: "s*x" hits "sex" because "sex"
/// is a term, and nothing else.
struct MaskedWordIndex: Sendable {
    private var entries: [String: [LexiconEntry]] = [:]

    init(terms: [LexiconEntry], normalizer: TextNormalizer) {
        for entry in terms where !entry.matchesPrefix {
            let scalars = normalizer.normalize(entry.term).units.map(\.scalar)
            guard scalars.count >= 3, scalars.allSatisfy({ $0.value >= 0x61 && $0.value <= 0x7A }) else { continue }
            for start in 1..<scalars.count {
                for width in 1...2 where start + width <= scalars.count && scalars.count - width >= 2 {
                    var masked = scalars
                    for index in start..<(start + width) { masked[index] = "*" }
                    entries[Self.key(masked), default: []].append(entry)
                }
            }
        }
    }

    static func key(_ scalars: [Unicode.Scalar]) -> String {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars)
        return String(view)
    }

    static func isMask(_ scalar: Unicode.Scalar) -> Bool { scalar == "*" || scalar == "#" }

    /// Hits of masked words in `text`.
    func hits(in text: NormalizedText) -> [LexiconHit] {
        guard !entries.isEmpty else { return [] }
        let units = text.units
        var hits: [LexiconHit] = []
        var start = 0
        while start < units.count {
            guard ScalarClass.isWordScalar(units[start].scalar) || Self.isMask(units[start].scalar) else {
                start += 1
                continue
            }
            var end = start
            while end < units.count, ScalarClass.isWordScalar(units[end].scalar) || Self.isMask(units[end].scalar) { end += 1 }
            var lower = start
            var upper = end
            while lower < upper, Self.isMask(units[lower].scalar) { lower += 1 }
            while upper > lower, Self.isMask(units[upper - 1].scalar) { upper -= 1 }
            let word = units[lower..<upper].map { Self.isMask($0.scalar) ? "*" : $0.scalar }
            if word.contains("*"), let found = entries[Self.key(word)] {
                let originStart = Int(units[lower..<upper].map(\.start).min() ?? 0)
                let originEnd = Int(units[lower..<upper].map(\.end).max() ?? 0)
                for entry in found {
                    hits.append(LexiconHit(lexicon: entry.category, term: entry.term, weight: entry.weight,
                                           start: originStart, end: originEnd,
                                           matchedText: text.originalText(in: originStart..<originEnd)))
                }
            }
            start = end
        }
        return hits
    }
}
