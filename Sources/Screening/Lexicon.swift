import Foundation

/// One term of a lexicon file.
public struct LexiconEntry: Sendable, Equatable {
    /// The category of the file it came from.
    public var category: String
    /// The term or phrase as written (without a trailing `*`).
    public var term: String
    /// 0-1: 1 for a term that alone signals the category, lower for weak evidence.
    public var weight: Double
    /// Written with a trailing `*`: matches any word starting with the term ("masturbat*").
    public var matchesPrefix: Bool
    /// Line number in its file (1-based).
    public var line: Int

    public init(category: String, term: String, weight: Double, matchesPrefix: Bool, line: Int) {
        self.category = category
        self.term = term
        self.weight = weight
        self.matchesPrefix = matchesPrefix
        self.line = line
    }
}

/// The terms of one category, parsed from `Policies/lexicons/<category>.txt`.
///
/// Format (see `Policies/lexicons/README.md`): one entry a line, `WEIGHT TERM`, where WEIGHT
/// is a number in 0...1 and TERM is a word or phrase (rest of the line, may end with `*` for a
/// prefix match). `! PHRASE` declares an exception phrase. `#` starts a comment (whole line or
/// after the term); blank lines are skipped.
public struct Lexicon: Sendable, Equatable {
    /// The category name, e.g. "violence/graphic".
    public var category: String
    /// The file the lexicon came from (for messages).
    public var file: String
    /// The entries in file order.
    public var entries: [LexiconEntry]
    /// Exception phrases (`! PHRASE` lines, weight 0): a hit of this category that lies inside
    /// one of them is dropped ("nude" inside "nude lipstick", "naked" inside "naked mole rat").
    public var exceptions: [LexiconEntry]

    public init(category: String, file: String, entries: [LexiconEntry], exceptions: [LexiconEntry] = []) {
        self.category = category
        self.file = file
        self.entries = entries
        self.exceptions = exceptions
    }

    /// Parses lexicon text. Malformed lines, weights outside 0...1 and duplicate terms are
    /// errors naming the file and line.
    public static func parse(_ text: String, category: String, file: String) throws(ScreeningError) -> Lexicon {
        var entries: [LexiconEntry] = []
        var exceptions: [LexiconEntry] = []
        var firstLine: [String: Int] = [:]
        for (offset, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let number = offset + 1
            var line = Substring(rawLine)
            if let hash = line.firstIndex(of: "#") { line = line[..<hash] }
            let trimmed = line.trimmingCharacters(in: .whitespacesAndNewlines)
            if trimmed.isEmpty { continue }
            if trimmed.hasPrefix("!") {
                let phrase = trimmed.dropFirst().trimmingCharacters(in: .whitespaces)
                guard !phrase.isEmpty, !phrase.contains("*") else {
                    throw .lexiconMalformedLine(file: file, line: number, reason: "exception phrase is empty or has '*'")
                }
                let key = "!" + Self.key(phrase)
                if let first = firstLine[key] {
                    throw .lexiconMalformedLine(file: file, line: number,
                                                reason: "duplicate exception '\(phrase)' (first on line \(first))")
                }
                firstLine[key] = number
                exceptions.append(LexiconEntry(category: category, term: phrase, weight: 0, matchesPrefix: false, line: number))
                continue
            }
            guard let space = trimmed.firstIndex(where: { $0 == " " || $0 == "\t" }) else {
                throw .lexiconMalformedLine(file: file, line: number, reason: "expected 'WEIGHT TERM', got '\(trimmed)'")
            }
            let weightText = trimmed[..<space]
            guard let weight = Double(weightText), weight >= 0, weight <= 1 else {
                throw .lexiconMalformedLine(file: file, line: number,
                                            reason: "weight '\(weightText)' is not a number between 0 and 1")
            }
            var term = trimmed[space...].trimmingCharacters(in: .whitespaces)
            let matchesPrefix = term.hasSuffix("*")
            if matchesPrefix { term = String(term.dropLast()).trimmingCharacters(in: .whitespaces) }
            guard !term.isEmpty, !term.contains("*") else {
                throw .lexiconMalformedLine(file: file, line: number,
                                            reason: "term is empty or has '*' other than at its end")
            }
            let key = Self.key(term) + (matchesPrefix ? "*" : "")
            if let first = firstLine[key] {
                throw .lexiconMalformedLine(file: file, line: number,
                                            reason: "duplicate term '\(term)' (first on line \(first))")
            }
            firstLine[key] = number
            entries.append(LexiconEntry(category: category, term: term, weight: weight,
                                        matchesPrefix: matchesPrefix, line: number))
        }
        return Lexicon(category: category, file: file, entries: entries, exceptions: exceptions)
    }

    /// Duplicate-detection key: lowercased, whitespace runs as one space.
    private static func key(_ term: String) -> String {
        term.lowercased().split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }
}
