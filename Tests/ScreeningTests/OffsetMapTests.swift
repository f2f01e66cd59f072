import Testing
@testable import Screening

@Suite("Offset map back to the original prompt")
struct OffsetMapTests {
    /// (prompt, term in the lexicon, what the user typed, its UTF-16 start)
    @Test("a hit's span is the text the user typed", arguments: [
        ("a n.u.d.3 woman", "nude", "n.u.d.3", 2),
        ("a ｎｕｄｅ photo", "nude", "ｎｕｄｅ", 2),
        ("p\u{200B}o\u{200B}r\u{200B}n site", "porn", "p\u{200B}o\u{200B}r\u{200B}n", 0),
        ("🎨 NUUUUDE art", "nude", "NUUUUDE", 3),
        ("the 𝐧𝐮𝐝𝐞 figure", "nude", "𝐧𝐮𝐝𝐞", 4),
        ("a ѕех scene", "sex", "ѕех", 2),
        ("some n\u{336}u\u{336}d\u{336}e\u{336}", "nude", "n\u{336}u\u{336}d\u{336}e\u{336}", 5),
        ("Straße k1ll", "kill", "k1ll", 7),
        ("two blow-jobs", "blow job", "blow-jobs", 4),
        ("a n u d e woman", "nude", "n u d e", 2),
    ])
    func spans(prompt: String, term: String, typed: String, start: Int) throws {
        let matcher = try TestSupport.matcher("1 \(term)")
        let hits = matcher.hits(in: prompt)
        #expect(hits.count == 1)
        let hit = try #require(hits.first)
        #expect(hit.matchedText == typed)
        #expect(hit.start == start)
        #expect(hit.end == start + typed.utf16.count)
        #expect(hit.term == term)
    }

    @Test("every normalised word maps back to the original word", arguments: [
        ("ＡＢＣ def ｇｈｉ", ["ＡＢＣ", "def", "ｇｈｉ"]),
        ("café CRÈME brûlée", ["café", "CRÈME", "brûlée"]),
        ("ﬁsh and 🐟 chips", ["ﬁsh", "and", "🐟", "chips"]),
    ])
    func wordRoundTrip(prompt: String, words: [String]) {
        let normalized = TextNormalizer().normalize(prompt)
        var offset = 0
        let normalizedWords = normalized.text.split(separator: " ")
        #expect(normalizedWords.count == words.count)
        for (word, typed) in zip(normalizedWords, words) {
            let length = word.utf16.count
            let range = normalized.originalRange(ofNormalized: offset..<(offset + length))
            #expect(normalized.originalText(in: range) == typed)
            offset += length + 1
        }
    }

    @Test("ranges are clamped and empty ranges map to a position")
    func clamping() {
        let normalized = TextNormalizer().normalize("Ａb")
        #expect(normalized.text == "ab")
        #expect(normalized.originalRange(ofNormalized: 0..<1) == 0..<1)
        #expect(normalized.originalRange(ofNormalized: 1..<1) == 1..<1)
        #expect(normalized.originalRange(ofNormalized: 0..<99) == 0..<2)
        #expect(normalized.originalRange(ofNormalized: 5..<9) == 2..<2)
    }
}
