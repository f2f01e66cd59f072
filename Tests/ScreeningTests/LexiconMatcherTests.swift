import Testing
@testable import Screening

@Suite("LexiconMatcher (Aho-Corasick, whole words)")
struct LexiconMatcherTests {
    @Test("overlapping terms and phrases are all reported, longest first")
    func overlapping() throws {
        let matcher = try TestSupport.matcher("""
        0.9 blow job
        0.2 job
        0.5 gang bang
        0.4 bang
        0.6 he
        0.6 she
        0.6 hers
        """)
        let hits = matcher.hits(in: "a blow job, then gang bang")
        #expect(hits.map(\.term) == ["blow job", "job", "gang bang", "bang"])
        #expect(hits.map(\.matchedText) == ["blow job", "job", "gang bang", "bang"])
        // The classic Aho-Corasick example: only whole words count.
        #expect(matcher.hits(in: "ushers").isEmpty)
        #expect(matcher.hits(in: "he and she and hers").map(\.term) == ["he", "she", "hers"])
    }

    @Test("whole-word boundaries: no match inside other words", arguments: [
        "a class photo", "green grass", "an assassin", "as you like", "but why", "essex coast",
        "data analysis", "a therapist's office", "scunthorpe", "a cocktail", "skills", "peacock",
        "bassist on stage", "nudist", "sexton",
    ])
    func boundaries(prompt: String) throws {
        let matcher = try TestSupport.matcher("0.5 ass\n0.5 butt\n0.5 sex\n0.5 anal\n0.5 rapist\n0.5 cunt\n0.5 cock\n0.5 kill\n0.5 nude")
        #expect(matcher.hits(in: prompt).isEmpty)
    }

    @Test("whole words, phrases, plurals, prefixes and elongations match", arguments: [
        ("ass", "ass"), ("kick ass!", "ass"), ("asses", "ass"), ("nudes", "nude"), ("blow-job", "blow job"),
        ("blow   job", "blow job"), ("blow_job", "blow job"), ("masturbating", "masturbat"),
        ("kiiiilll", "kill"), ("asss", "ass"), ("nuude", "nude"), ("buttt", "butt"),
    ])
    func matches(prompt: String, term: String) throws {
        let matcher = try TestSupport.matcher("0.5 ass\n0.5 butt\n0.5 kill\n0.5 nude\n0.9 blow job\n0.9 masturbat*")
        #expect(matcher.hits(in: prompt).map(\.term) == [term])
    }

    @Test("a shortened run never matches a double letter", arguments: ["as", "but", "kil", "bob"])
    func noShortening(prompt: String) throws {
        let matcher = try TestSupport.matcher("0.5 ass\n0.5 butt\n0.5 kill\n0.5 boob")
        #expect(matcher.hits(in: prompt).isEmpty)
    }

    @Test("without repeat collapsing, runs must match exactly")
    func exactRuns() throws {
        let matcher = try TestSupport.matcher("0.5 kill", transforms: TextNormalizer.Transforms.all.subtracting(.collapseRepeats))
        #expect(matcher.hits(in: "kill").count == 1)
        #expect(matcher.hits(in: "kiiill").isEmpty)
    }

    @Test("terms are normalised like prompts: leet spellings in a lexicon meet plain ones")
    func termsNormalised() throws {
        let matcher = try TestSupport.matcher("0.5 a$$\n0.5 sh1t")
        #expect(matcher.termCount == 2)
        #expect(matcher.hits(in: "ass and shit").map(\.matchedText) == ["ass", "shit"])
        #expect(matcher.hits(in: "@ss").map(\.term) == ["a$$"])
    }

    @Test("a term in several categories gives one hit per category")
    func categories() throws {
        let sexual = try Lexicon.parse("0.6 whore", category: "sexual", file: "a")
        let harassment = try Lexicon.parse("0.5 whore", category: "harassment", file: "b")
        let matcher = LexiconMatcher(lexicons: LexiconSet(lexicons: [sexual, harassment]))
        let hits = matcher.hits(in: "wh0re")
        #expect(hits.map(\.lexicon) == ["harassment", "sexual"])
        #expect(hits.map(\.weight) == [0.5, 0.6])
    }

    @Test("exception phrases drop hits of their category inside them, and only those", arguments: [
        ("a tube of nude lipstick", [String]()),
        ("a nude woman holding nude lipstick", ["violence:nude"]),
        ("a naked mole rat", []),
        ("a naked man", ["violence:naked"]),
        ("naked-eye astronomy", []),
    ])
    func exceptions(prompt: String, expected: [String]) throws {
        let matcher = try TestSupport.matcher("0.7 nude\n0.7 naked\n! nude lipstick\n! naked mole rat\n! naked eye")
        #expect(matcher.termCount == 2)
        #expect(matcher.hits(in: prompt).map { "\($0.lexicon):\($0.term)" } == expected)
    }

    @Test("an exception in another category does not drop a hit")
    func exceptionScope() throws {
        let sexual = try Lexicon.parse("0.7 nude", category: "sexual", file: "a")
        let other = try Lexicon.parse("0.1 unrelated\n! nude lipstick", category: "violence", file: "b")
        let matcher = LexiconMatcher(lexicons: LexiconSet(lexicons: [sexual, other]))
        #expect(matcher.hits(in: "nude lipstick").map(\.lexicon) == ["sexual"])
    }

    @Test("masked letters hit single-word terms", arguments: [
        ("what the f*ck", "fuck", "f*ck"), ("p**n site", "porn", "p**n"), ("a n#de model", "nude", "n#de"),
        ("sh*t happens", "shit", "sh*t"), ("*nude* art", "nude", "nude"), ("F*CK", "fuck", "F*CK"),
    ])
    func masked(prompt: String, term: String, typed: String) throws {
        let matcher = try TestSupport.matcher("0.5 fuck\n0.5 porn\n0.5 nude\n0.5 shit")
        let hits = matcher.hits(in: prompt)
        #expect(hits.map(\.term) == [term])
        #expect(hits.map(\.matchedText) == [typed])
    }

    @Test("masks never stand for the first letter or most of a word", arguments: [
        "*uck it", "a ***e photo", "5*3 = 15", "f***", "n*** art", "a*b",
    ])
    func maskedLimits(prompt: String) throws {
        let matcher = try TestSupport.matcher("0.5 fuck\n0.5 nude\n0.5 sex")
        #expect(matcher.hits(in: prompt).isEmpty)
    }

    @Test("a word cut by one separator is bridged", arguments: [
        ("se.x scene", "sex", "se.x"), ("po-rn", "porn", "po-rn"), ("nu_de art", "nude", "nu_de"),
        ("k*ill", "kill", "k*ill"), ("n.ude", "nude", "n.ude"), ("nu·de", "nude", "nu·de"),
        ("n.u-d_e", "nude", "n.u-d_e"),
    ])
    func bridged(prompt: String, term: String, typed: String) throws {
        let matcher = try TestSupport.matcher("0.5 sex\n0.5 porn\n0.5 nude\n0.5 kill")
        #expect(matcher.hits(in: prompt).map(\.term) == [term])
        #expect(matcher.hits(in: prompt).map(\.matchedText) == [typed])
    }

    @Test("bridging needs letters on both sides and exactly one separator", arguments: [
        "se..x", "se - x", "se. x", "version 1.4.8.8", "14-88", "s.e.x.y",
    ])
    func bridgingLimits(prompt: String) throws {
        let matcher = try TestSupport.matcher("0.5 sex\n0.5 1488")
        #expect(matcher.hits(in: prompt).isEmpty)
    }

    @Test("a hyphenated term and its joined spelling give one hit per span")
    func bridgedDedupe() throws {
        let matcher = try TestSupport.matcher("0.5 self-harm\n0.5 selfharm")
        #expect(matcher.hits(in: "self-harm").count == 1)
        #expect(matcher.hits(in: "selfharm").count == 1)
    }

    @Test("strong terms glued to a companion word are found", arguments: [
        ("a nudewoman", "nude", "nudewoman"), ("PornHub logo", "porn", "PornHub"), ("teenporn", "porn", "teenporn"),
        ("n00dgirl", "nood", "n00dgirl"),
    ])
    func compounds(prompt: String, term: String, typed: String) throws {
        let matcher = try TestSupport.matcher("0.7 nude\n0.9 porn\n0.8 nood\n0.4 cock\n0.9 rapist\n0.9 heroin")
        #expect(matcher.hits(in: prompt).map(\.term) == [term])
        #expect(matcher.hits(in: prompt).map(\.matchedText) == [typed])
    }

    @Test("ordinary compounds are not split into terms", arguments: [
        "a cockpit view", "the therapist", "a heroine", "cockerel", "nudeness", "a showgirl",
    ])
    func noCompounds(prompt: String) throws {
        let matcher = try TestSupport.matcher("0.7 nude\n0.4 cock\n0.9 rapist\n0.9 heroin\n0.9 porn")
        #expect(matcher.hits(in: prompt).isEmpty)
    }

    @Test("the automaton finds every occurrence of overlapping patterns")
    func automaton() {
        let automaton = AhoCorasickAutomaton(patterns: [[1, 2], [2, 3], [1, 2, 3], [3], []])
        var found: [[Int]] = []
        automaton.forEachMatch(in: [1, 2, 3, 1, 2]) { found.append([$0, $1]) }
        #expect(found.sorted { ($0[1], $0[0]) < ($1[1], $1[0]) } == [[0, 1], [1, 2], [2, 2], [3, 2], [0, 4]])
    }
}
