import Foundation

/// The lexicons of all 13 categories, loaded from one directory.
public struct LexiconSet: Sendable, Equatable {
    /// One lexicon per category, in `ScreeningCategory` order.
    public var lexicons: [Lexicon]

    public init(lexicons: [Lexicon]) {
        self.lexicons = lexicons
    }

    /// Every entry of every lexicon.
    public var entries: [LexiconEntry] { lexicons.flatMap(\.entries) }

    /// Every exception phrase of every lexicon.
    public var exceptions: [LexiconEntry] { lexicons.flatMap(\.exceptions) }

    /// Number of entries per category name.
    public var termCounts: [String: Int] {
        Dictionary(uniqueKeysWithValues: lexicons.map { ($0.category, $0.entries.count) })
    }

    /// Loads `<directory>/<category with "/" as "_">.txt` for the 13 categories. Every
    /// category must have a non-empty file; a `.txt` file naming no category is an error
    /// (a typo would otherwise silently drop a lexicon). Other files (README.md) are ignored.
    public static func load(directory: URL) throws(ScreeningError) -> LexiconSet {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        } catch {
            throw .lexiconDirectoryUnreadable(path: directory.path, reason: "\(error.localizedDescription)")
        }
        var byCategory: [ScreeningCategory: Lexicon] = [:]
        for name in names.sorted() where name.hasSuffix(".txt") {
            let path = directory.appendingPathComponent(name).path
            guard let category = ScreeningCategory(lexiconFileName: name) else {
                throw .lexiconUnknownCategory(file: path)
            }
            guard let data = FileManager.default.contents(atPath: path) else {
                throw .lexiconFileUnreadable(file: path, reason: "cannot read the file")
            }
            guard let text = String(data: data, encoding: .utf8) else {
                throw .lexiconFileUnreadable(file: path, reason: "not UTF-8")
            }
            let lexicon = try Lexicon.parse(text, category: category.rawValue, file: path)
            guard !lexicon.entries.isEmpty else { throw .lexiconEmpty(file: path) }
            byCategory[category] = lexicon
        }
        var lexicons: [Lexicon] = []
        for category in ScreeningCategory.allCases {
            guard let lexicon = byCategory[category] else {
                throw .lexiconMissingCategory(category: category.rawValue, directory: directory.path)
            }
            lexicons.append(lexicon)
        }
        return LexiconSet(lexicons: lexicons)
    }
}
