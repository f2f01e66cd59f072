/// Finds the terms of all lexicons in a normalised prompt in one Aho-Corasick pass, whole-word,
/// and reports each hit as a span of the ORIGINAL prompt.
///
/// Every term is normalised with the same `TextNormalizer` as prompts, so "a$$" in a lexicon
/// and "@ss" in a prompt meet as "ass". Word boundaries: a match must start at the text's start,
/// after a separator or at a soft boundary (split-letter join), and end at the text's end or
/// before a separator, optionally after a plural "s"/"es" ("nudes", "asses"). A term written
/// with a trailing `*` matches any word it starts ("masturbat*" -> "masturbating"). A hit inside
/// a match of one of its category's exception phrases ("nude lipstick") is dropped. Words with
/// letters masked by `*` or `#` ("f*ck", "p**n") are looked up in `MaskedWordIndex`; words cut
/// by one separator ("se.x", "po-rn") are matched in a second, bridged pass; strong terms glued
/// to a companion word ("nudewoman", "pornhub") are found by `CompoundWordIndex`.
public struct LexiconMatcher: Sendable {
    struct CompiledTerm: Sendable {
        var entry: LexiconEntry
        /// An exception phrase: its matches suppress hits of its category inside them.
        var isException: Bool
        /// Run length of each symbol of the term.
        var runs: [Int32]
    }

    /// The normaliser applied to terms and (by `hits(in:)` on a `String`) to prompts.
    public let normalizer: TextNormalizer
    private let automaton: AhoCorasickAutomaton
    private let termsByPattern: [[CompiledTerm]]
    /// Single-word terms by their masked spellings ("f*ck", "p**n"): see `MaskedWordIndex`.
    private let maskedWords: MaskedWordIndex
    /// Strong single-word terms glued to a companion word ("nudewoman"): see `CompoundWordIndex`.
    private let compoundWords: CompoundWordIndex
    /// Number of distinct compiled terms.
    public let termCount: Int
    /// Terms that normalised to nothing and can never match (reported, not fatal).
    public let unmatchableTerms: [LexiconEntry]

    /// Compiles the lexicons' terms with `normalizer`.
    public init(lexicons: LexiconSet, normalizer: TextNormalizer = TextNormalizer()) {
        self.normalizer = normalizer
        var patternIndex: [[UInt32]: Int] = [:]
        var patterns: [[UInt32]] = []
        var terms: [[CompiledTerm]] = []
        var seen: Set<String> = []
        var unmatchable: [LexiconEntry] = []
        let compiled = lexicons.entries.map { ($0, false) } + lexicons.exceptions.map { ($0, true) }
        for (entry, isException) in compiled {
            var symbols = MatchSymbol.symbols(of: normalizer.normalize(entry.term).units)
            while symbols.first?.isSeparator == true { symbols.removeFirst() }
            while symbols.last?.isSeparator == true { symbols.removeLast() }
            guard !symbols.isEmpty else {
                unmatchable.append(entry)
                continue
            }
            let values = symbols.map(\.value)
            let runs = symbols.map(\.run)
            let key = "\(entry.category)|\(values)|\(runs)|\(entry.matchesPrefix)|\(isException)"
            guard seen.insert(key).inserted else { continue }
            let index: Int
            if let existing = patternIndex[values] {
                index = existing
            } else {
                index = patterns.count
                patternIndex[values] = index
                patterns.append(values)
                terms.append([])
            }
            terms[index].append(CompiledTerm(entry: entry, isException: isException, runs: runs))
        }
        self.maskedWords = MaskedWordIndex(terms: terms.joined().filter { !$0.isException }.map(\.entry),
                                           normalizer: normalizer)
        self.compoundWords = CompoundWordIndex(terms: terms.joined().filter { !$0.isException }.map(\.entry),
                                               normalizer: normalizer)
        self.automaton = AhoCorasickAutomaton(patterns: patterns)
        self.termsByPattern = terms
        self.termCount = terms.joined().filter { !$0.isException }.count
        self.unmatchableTerms = unmatchable
    }

    /// Normalises `prompt` and returns its hits.
    public func hits(in prompt: String) -> [LexiconHit] {
        hits(in: normalizer.normalize(prompt))
    }

    /// The hits in a normalised prompt, sorted by start, longest first, then category and term.
    ///
    /// Two passes: the units as normalised, then (only where the prompt has any) the units with
    /// single separators inside words bridged ("se.x", "po-rn", "nu_de", "k*ill"); a bridged hit
    /// whose span and category a first-pass hit already has is not repeated ("self-harm").
    public func hits(in text: NormalizedText) -> [LexiconHit] {
        var found: Set<LexiconHit> = []
        var exceptions: [LexiconHit] = []
        scan(text.units, of: text, into: &found, exceptions: &exceptions)
        let bridged = Self.bridgingIntraWordSeparators(text.units)
        if bridged.count != text.units.count {
            var more: Set<LexiconHit> = []
            scan(bridged, of: text, into: &more, exceptions: &exceptions)
            for hit in more where !found.contains(where: {
                $0.lexicon == hit.lexicon && $0.start == hit.start && $0.end == hit.end
            }) {
                found.insert(hit)
            }
        }
        for hit in maskedWords.hits(in: text) { found.insert(hit) }
        for hit in compoundWords.hits(in: text) { found.insert(hit) }
        if !exceptions.isEmpty {
            found = found.filter { hit in
                !exceptions.contains { $0.lexicon == hit.lexicon && $0.start <= hit.start && hit.end <= $0.end }
            }
        }
        return found.sorted { lhs, rhs in
            if lhs.start != rhs.start { return lhs.start < rhs.start }
            if lhs.end != rhs.end { return lhs.end > rhs.end }
            if lhs.lexicon != rhs.lexicon { return lhs.lexicon < rhs.lexicon }
            return lhs.term < rhs.term
        }
    }

    /// One Aho-Corasick pass over `units` (the normalised units of `text`, or a bridged copy).
    private func scan(_ units: [NormalizedUnit], of text: NormalizedText, into found: inout Set<LexiconHit>,
                      exceptions: inout [LexiconHit]) {
        let symbols = MatchSymbol.symbols(of: units)
        guard !symbols.isEmpty else { return }
        let values = symbols.map(\.value)
        let elastic = text.collapsesRepeats
        var hits: [LexiconHit] = []
        var exceptionHits: [LexiconHit] = []
        automaton.forEachMatch(in: values) { pattern, endIndex in
            let length = automaton.patternLengths[pattern]
            let start = endIndex - length + 1
            guard start == 0 || symbols[start - 1].isSeparator || symbols[start].softBoundary else { return }
            for term in termsByPattern[pattern] {
                var runsMatch = true
                for offset in 0..<length where !MatchSymbol.run(symbols[start + offset].run, matches: term.runs[offset],
                                                                   elastic: elastic) {
                    runsMatch = false
                    break
                }
                guard runsMatch, let end = Self.wordEnd(symbols, after: endIndex, prefix: term.entry.matchesPrefix,
                                                         elastic: elastic) else { continue }
                let hit = Self.hit(term.entry, units: units, symbols: symbols, from: start, through: end, in: text)
                if term.isException { exceptionHits.append(hit) } else { hits.append(hit) }
            }
        }
        found.formUnion(hits)
        exceptions.append(contentsOf: exceptionHits)
    }

    /// Separators that split a word to dodge a filter when they stand alone between two letters.
    static func isIntraWordSeparator(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case ".", "-", "_", "*", "~", "\u{B7}", "\u{2010}", "\u{2011}", "\u{2022}": return true
        default: return false
        }
    }

    /// `units` without every single intra-word separator that has a letter on both sides.
    static func bridgingIntraWordSeparators(_ units: [NormalizedUnit]) -> [NormalizedUnit] {
        guard units.count >= 3 else { return units }
        var output: [NormalizedUnit] = []
        output.reserveCapacity(units.count)
        for index in units.indices {
            if index > 0, index + 1 < units.count, isIntraWordSeparator(units[index].scalar),
               ScalarClass.isLetter(units[index - 1].scalar), ScalarClass.isLetter(units[index + 1].scalar) {
                continue
            }
            output.append(units[index])
        }
        return output
    }

    /// The symbol index where the matched word ends, or nil when the match ends inside a word.
    static func wordEnd(_ symbols: [MatchSymbol], after index: Int, prefix: Bool, elastic: Bool) -> Int? {
        func boundary(_ next: Int) -> Bool { next >= symbols.count || symbols[next].isSeparator || symbols[next].softBoundary }
        if boundary(index + 1) { return index }
        if prefix {
            var end = index + 1
            while end + 1 < symbols.count, !symbols[end + 1].isSeparator { end += 1 }
            return end
        }
        guard ScalarClass.isLetter(Unicode.Scalar(symbols[index].value) ?? " ") else { return nil }
        let s = UInt32(UInt8(ascii: "s"))
        let e = UInt32(UInt8(ascii: "e"))
        if symbols[index + 1].value == s, MatchSymbol.run(symbols[index + 1].run, matches: 1, elastic: elastic),
           boundary(index + 2) {
            return index + 1
        }
        if index + 2 < symbols.count, symbols[index + 1].value == e, symbols[index + 2].value == s,
           MatchSymbol.run(symbols[index + 1].run, matches: 1, elastic: elastic),
           MatchSymbol.run(symbols[index + 2].run, matches: 1, elastic: elastic), boundary(index + 3) {
            return index + 2
        }
        return nil
    }

    static func hit(_ entry: LexiconEntry, units all: [NormalizedUnit], symbols: [MatchSymbol], from start: Int,
                    through end: Int, in text: NormalizedText) -> LexiconHit {
        let units = all[Int(symbols[start].firstUnit)...Int(symbols[end].lastUnit)]
        let lower = Int(units.map(\.start).min() ?? 0)
        let upper = Int(units.map(\.end).max() ?? 0)
        return LexiconHit(lexicon: entry.category, term: entry.term, weight: entry.weight,
                          start: lower, end: upper, matchedText: text.originalText(in: lower..<upper))
    }
}
