/// Errors of the Screening module. Each case carries the context a person needs to act on it.
public enum ScreeningError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The module's input was rejected; `reason` says what and where.
    case invalidInput(reason: String)

    // MARK: Normaliser and lexicons (helper "normaliser")

    /// The lexicon directory could not be listed.
    case lexiconDirectoryUnreadable(path: String, reason: String)
    /// A lexicon file could not be read or is not UTF-8.
    case lexiconFileUnreadable(file: String, reason: String)
    /// A line of a lexicon file does not follow the format of `Policies/lexicons/README.md`.
    case lexiconMalformedLine(file: String, line: Int, reason: String)
    /// A lexicon file's name does not name one of the 13 screening categories.
    case lexiconUnknownCategory(file: String)
    /// One of the 13 screening categories has no lexicon file in the directory.
    case lexiconMissingCategory(category: String, directory: String)
    /// A lexicon file holds no usable term after normalisation.
    case lexiconEmpty(file: String)

    // MARK: Prompt classifier (helper "classifier") — cases go in this block.

    public var description: String {
        switch self {
        case let .invalidInput(reason):
            return "Screening: invalid input: \(reason)"
        case let .lexiconDirectoryUnreadable(path, reason):
            return "Screening: cannot list lexicon directory \(path): \(reason)"
        case let .lexiconFileUnreadable(file, reason):
            return "Screening: cannot read lexicon file \(file): \(reason)"
        case let .lexiconMalformedLine(file, line, reason):
            return "Screening: \(file):\(line): malformed lexicon line: \(reason)"
        case let .lexiconUnknownCategory(file):
            return "Screening: lexicon file \(file) does not name a screening category "
                + "(expected one of: \(ScreeningCategory.allNames.joined(separator: ", ")), with '/' written as '_')"
        case let .lexiconMissingCategory(category, directory):
            return "Screening: no lexicon file for category \(category) in \(directory) "
                + "(expected \(ScreeningCategory.fileName(for: category)))"
        case let .lexiconEmpty(file):
            return "Screening: lexicon file \(file) holds no term"
        }
    }
}
