import Testing
@testable import Screening

@Suite("Bad input")
struct BadInputTests {
    @Test("empty, blank and invisible-only prompts normalise to nothing and match nothing", arguments: [
        "", "   ", "\n\t\r", "\u{200B}\u{200D}\u{FEFF}", "\u{0}\u{7}\u{1B}", "\u{336}\u{336}",
    ])
    func empty(prompt: String) throws {
        let normalized = TextNormalizer().normalize(prompt)
        #expect(normalized.text.isEmpty)
        #expect(normalized.originalRange(ofNormalized: 0..<0) == normalized.originalLength..<normalized.originalLength
            || normalized.originalRange(ofNormalized: 0..<0).isEmpty)
        #expect(try TestSupport.repositoryMatcher().hits(in: normalized).isEmpty)
    }

    @Test("control characters are dropped and offsets still point into the original")
    func controlCharacters() throws {
        let prompt = "\u{0}\u{7}a nu\u{1B}de\u{7F} photo"
        let hits = try TestSupport.matcher("0.5 nude").hits(in: prompt)
        let hit = try #require(hits.first)
        #expect(hit.matchedText == "nu\u{1B}de")
        #expect(hit.start == 4)
    }

    @Test("a 100 kB prompt of mixed scripts normalises and maps hits to the right place")
    func large() throws {
        let chunk = "a watercolor ＣＡＴ in 𝐑𝐨𝐦𝐞, привет, 1990s 4k, n u d e? "
        var prompt = String(repeating: chunk, count: 100_000 / chunk.utf8.count + 1)
        let tailOffset = prompt.utf16.count
        prompt += "k1ll"
        #expect(prompt.utf8.count > 100_000)
        let normalized = TextNormalizer().normalize(prompt)
        #expect(normalized.text.hasSuffix("kill"))
        let hits = try TestSupport.matcher("0.5 kill\n0.5 nude").hits(in: normalized)
        #expect(hits.count == 100_000 / chunk.utf8.count + 2)
        let last = try #require(hits.last)
        #expect(last.start == tailOffset)
        #expect(last.matchedText == "k1ll")
    }

    @Test("emoji, flags and ZWJ sequences survive without breaking offsets")
    func emoji() throws {
        let prompt = "👩‍👩‍👧 family 🇫🇷 at a k1ll-screen"
        let hits = try TestSupport.matcher("0.5 kill").hits(in: prompt)
        let hit = try #require(hits.first)
        #expect(hit.matchedText == "k1ll")
        #expect(NormalizedText.substring(of: prompt, utf16: hit.start..<hit.end) == "k1ll")
    }
}
