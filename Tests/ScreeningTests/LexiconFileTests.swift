import Foundation
import Testing
@testable import Screening

@Suite("Lexicon files")
struct LexiconFileTests {
    @Test("every category has a file and every file parses")
    func repositoryLexicons() throws {
        let set = try LexiconSet.load(directory: TestSupport.lexiconDirectory)
        #expect(set.lexicons.map(\.category) == ScreeningCategory.allNames)
        for lexicon in set.lexicons {
            #expect(lexicon.entries.count >= 20, "\(lexicon.category) has only \(lexicon.entries.count) terms")
            #expect(lexicon.entries.allSatisfy { $0.weight > 0 && $0.weight <= 1 })
        }
        let matcher = LexiconMatcher(lexicons: set)
        #expect(matcher.unmatchableTerms.isEmpty)
    }

    @Test("every term of every lexicon matches itself, typed plainly")
    func selfMatch() throws {
        let set = try LexiconSet.load(directory: TestSupport.lexiconDirectory)
        let matcher = LexiconMatcher(lexicons: set)
        for entry in set.entries {
            let hits = matcher.hits(in: "look: \(entry.term) here")
            #expect(hits.contains { $0.term == entry.term && $0.lexicon == entry.category },
                    "\(entry.category): '\(entry.term)' does not match itself")
        }
    }

    @Test("category names map to file names with '/' as '_'", arguments: [
        ("violence/graphic", "violence_graphic.txt"), ("self-harm", "self-harm.txt"),
        ("self-harm/instructions", "self-harm_instructions.txt"), ("sexual/minors", "sexual_minors.txt"),
    ])
    func fileNames(category: String, file: String) {
        #expect(ScreeningCategory.fileName(for: category) == file)
        #expect(ScreeningCategory(lexiconFileName: file)?.rawValue == category)
    }

    @Test("malformed lines are errors naming file and line", arguments: [
        ("0.5 fine\nnoweight", 2, "expected"),
        ("1.5 too heavy", 1, "between 0 and 1"),
        ("-0.1 negative", 1, "between 0 and 1"),
        ("abc term", 1, "not a number"),
        ("0.5 term\n# comment\n0.7 Term", 3, "duplicate"),
        ("0.5 mid*dle", 1, "'*'"),
        ("0.5 *", 1, "empty"),
        ("!", 1, "exception"),
        ("! nude lipstick\n!nude  lipstick", 2, "duplicate exception"),
    ])
    func malformed(text: String, line: Int, reason: String) {
        #expect {
            _ = try Lexicon.parse(text, category: "hate", file: "hate.txt")
        } throws: { error in
            guard case let .lexiconMalformedLine(file, errorLine, message) = error as? ScreeningError else { return false }
            return file == "hate.txt" && errorLine == line && message.contains(reason)
        }
    }

    @Test("comments, blank lines, tabs and prefix terms parse")
    func wellFormed() throws {
        let lexicon = try Lexicon.parse("# header\n\n0.5\tslow term   # note\n1 masturbat*\n! naked eye\n",
                                        category: "sexual", file: "s")
        #expect(lexicon.exceptions.map(\.term) == ["naked eye"])
        #expect(lexicon.entries.map(\.term) == ["slow term", "masturbat"])
        #expect(lexicon.entries.map(\.matchesPrefix) == [false, true])
        #expect(lexicon.entries.map(\.line) == [3, 4])
        #expect(lexicon.entries.map(\.weight) == [0.5, 1])
    }

    @Test("a directory missing a category, with an unknown file, or absent is refused")
    func directoryErrors() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("lexicons-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        for category in ScreeningCategory.allCases where category != .violenceGraphic {
            try "0.5 term".write(to: directory.appendingPathComponent(category.lexiconFileName), atomically: true, encoding: .utf8)
        }
        #expect(throws: ScreeningError.lexiconMissingCategory(category: "violence/graphic", directory: directory.path)) {
            try LexiconSet.load(directory: directory)
        }
        try "# nothing".write(to: directory.appendingPathComponent("violence_graphic.txt"), atomically: true, encoding: .utf8)
        #expect(throws: ScreeningError.lexiconEmpty(file: directory.appendingPathComponent("violence_graphic.txt").path)) {
            try LexiconSet.load(directory: directory)
        }
        try "0.5 gore".write(to: directory.appendingPathComponent("violence_graphic.txt"), atomically: true, encoding: .utf8)
        #expect(try LexiconSet.load(directory: directory).lexicons.count == 13)
        try "0.5 x".write(to: directory.appendingPathComponent("violence-graphic.txt"), atomically: true, encoding: .utf8)
        #expect(throws: ScreeningError.lexiconUnknownCategory(file: directory.appendingPathComponent("violence-graphic.txt").path)) {
            try LexiconSet.load(directory: directory)
        }
        #expect {
            try LexiconSet.load(directory: directory.appendingPathComponent("absent"))
        } throws: { error in
            if case .lexiconDirectoryUnreadable = error as? ScreeningError { return true }
            return false
        }
    }

    @Test("error messages name the file and line")
    func messages() {
        let error = ScreeningError.lexiconMalformedLine(file: "hate.txt", line: 7, reason: "bad")
        #expect(error.description.contains("hate.txt:7"))
        #expect(ScreeningError.lexiconMissingCategory(category: "self-harm/intent", directory: "/x").description
            .contains("self-harm_intent.txt"))
    }
}
