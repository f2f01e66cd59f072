import Foundation
import Testing
@testable import Screening

/// The normaliser fuzz corpus (Fuzz/Corpus/text-normalizer, seeds and kept `crash-*` inputs)
/// replayed through the same checks as Fuzz/Sources/FuzzTextNormalizer: every lexicon hit's
/// span lies inside the prompt as typed and the offset map stays inside the original.
@Suite("Normaliser fuzz corpus replay")
struct NormalizerFuzzCorpusReplayTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let folder = root.appendingPathComponent("Fuzz/Corpus/text-normalizer")

    static var files: [URL] {
        ((try? FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)) ?? [])
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
    }

    static let matcher: Result<LexiconMatcher, ScreeningError> = Result {
        () throws(ScreeningError) -> LexiconMatcher in
        LexiconMatcher(lexicons: try LexiconSet.load(directory: root.appendingPathComponent("Policies/lexicons")))
    }

    @Test("every corpus prompt gives spans inside the prompt as typed", arguments: files)
    func replay(file: URL) throws {
        let matcher = try Self.matcher.get()
        let prompt = String(decoding: try Data(contentsOf: file), as: UTF8.self)
        let normalized = matcher.normalizer.normalize(prompt)
        #expect(normalized.original == prompt)
        let whole = normalized.originalRange(ofNormalized: 0..<normalized.normalizedLength)
        #expect(whole.lowerBound >= 0 && whole.upperBound <= normalized.originalLength)
        for hit in matcher.hits(in: normalized) {
            #expect(0 <= hit.start && hit.start <= hit.end && hit.end <= normalized.originalLength)
            _ = normalized.originalText(in: hit.start..<hit.end)
        }
    }

    @Test("the disguised seed is still caught (the corpus exercises the matcher, not only the parser)")
    func disguisedSeedMatches() throws {
        let matcher = try Self.matcher.get()
        let prompt = try String(contentsOf: Self.folder.appendingPathComponent("seed1.txt"), encoding: .utf8)
        #expect(matcher.hits(in: prompt).contains { $0.lexicon == "sexual" })
    }
}
