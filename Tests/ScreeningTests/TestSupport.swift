import Foundation
@testable import Screening

/// Shared fixtures: the repository's lexicons and a matcher over them.
enum TestSupport {
    /// `Policies/lexicons` of this checkout.
    static var lexiconDirectory: URL {
        URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent()   // ScreeningTests
            .deletingLastPathComponent()   // Tests
            .deletingLastPathComponent()   // repository root
            .appendingPathComponent("Policies/lexicons")
    }

    static func repositoryMatcher() throws -> LexiconMatcher {
        LexiconMatcher(lexicons: try LexiconSet.load(directory: lexiconDirectory))
    }

    /// A one-category matcher over lexicon text (category "violence").
    static func matcher(_ lexicon: String, transforms: TextNormalizer.Transforms = .all) throws -> LexiconMatcher {
        let parsed = try Lexicon.parse(lexicon, category: "violence", file: "test.txt")
        return LexiconMatcher(lexicons: LexiconSet(lexicons: [parsed]), normalizer: TextNormalizer(transforms: transforms))
    }
}
