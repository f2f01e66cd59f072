import Testing
@testable import Screening

@Suite("TextNormalizer transforms")
struct TextNormalizerTests {
    let normalizer = TextNormalizer()

    @Test("invisible characters and bidi controls are removed", arguments: [
        ("p\u{200B}o\u{200B}r\u{200B}n", "porn"),
        ("n\u{200C}u\u{200D}d\u{2060}e", "nude"),
        ("n\u{202E}u\u{202C}de", "nude"),
        ("nu\u{2066}d\u{2069}e", "nude"),
        ("\u{FEFF}nu\u{00AD}de", "nude"),
        ("nu\u{FE0F}de\u{E0101}", "nude"),
        ("se\u{E0041}x", "sex"),
    ])
    func invisible(input: String, expected: String) {
        #expect(normalizer.normalize(input).text == expected)
    }

    @Test("NFKC folds fullwidth, mathematical, circled and ligature forms", arguments: [
        ("ＮＵＤＥ", "nude"),
        ("𝐧𝐮𝐝𝐞", "nude"),
        ("𝓷𝓾𝓭𝓮", "nude"),
        ("𝕟𝕦𝕕𝕖", "nude"),
        ("ⓝⓤⓓⓔ", "nude"),
        ("ﬁre", "fire"),
        ("ᴺᵁᴰᴱ", "nude"),
        ("a　cat", "a cat"),
    ])
    func compatibility(input: String, expected: String) {
        #expect(normalizer.normalize(input).text == expected)
    }

    @Test("homoglyphs fold to Latin; genuine Cyrillic and Greek words stay", arguments: [
        ("ѕех", "sex"),            // Cyrillic dze, ie, ha
        ("рorn", "porn"),          // Cyrillic er
        ("NUDΕ", "nude"),          // Greek capital epsilon
        ("ɴᴜᴅᴇ", "nude"),          // small capitals
        ("🅽🆄🅳🅴", "nude"),         // negative squared letters
        ("🇳🇺🇩🇪", "nude"),          // regional indicators
        ("nøde", "node"),
        ("привет мир", "привет мир"),
        ("кот на диване", "кот на диване"),      // a Russian sentence stays Russian
        ("рorn на диване", "porn на диване"),    // a mixed-script word folds all the same
        ("a ѕех scene", "a sex scene"),
        ("καλημέρα", "καλημέρα"),
    ])
    func homoglyphs(input: String, expected: String) {
        #expect(normalizer.normalize(input).text == expected)
    }

    @Test("case folding", arguments: [
        ("NUDE", "nude"), ("Straße", "strasse"), ("ΣΟΦΟΣ", "σοφοσ"), ("İstanbul", "istanbul"),
    ])
    func caseFolding(input: String, expected: String) {
        #expect(normalizer.normalize(input).text == expected)
    }

    @Test("diacritics and obfuscating combining marks are stripped; other scripts' marks kept", arguments: [
        ("nüdé", "nude"),
        ("n\u{336}u\u{336}d\u{336}e\u{336}", "nude"),                        // strike-through
        ("n\u{30D}\u{30E}\u{304}u\u{346}\u{33E}d\u{35B}e\u{489}", "nude"),   // Zalgo
        ("café crème", "cafe creme"),
        ("नमस्ते", "नमस्ते"),
    ])
    func combiningMarks(input: String, expected: String) {
        #expect(normalizer.normalize(input).text == expected)
    }

    @Test("letters split by separators are joined", arguments: [
        ("n u d e", "nude"),
        ("n.u.d.e", "nude"),
        ("n-u-d-e", "nude"),
        ("n_u_d_e", "nude"),
        ("n*u*d*e", "nude"),
        ("n . u . d . e", "nude"),
        ("(n)(u)(d)(e)", "(nude)"),
        ("s e x scene", "sex scene"),
        ("s.e.l.f-h.a.r.m", "self-harm"),
        ("n-u-d-3", "nude"),
        ("s 3 x", "sex"),
        ("Ｎ.Ｕ.Ｄ.３", "nude"),
        ("n\u{200B} u d e", "nude"),
        ("n. u. d. e", "nude"),
        ("a n.u.d.3 woman", "a nude woman"),  // separator changes after the article
        ("a n u d e woman", "anude woman"),
    ])
    func splitLetters(input: String, expected: String) {
        #expect(normalizer.normalize(input).text == expected)
    }

    @Test("ordinary words and short letter groups are never joined", arguments: [
        "a cat on a mat", "an x-ray of a t-shirt", "1 2 3 go", "a b", "plan b for a day",
        "version 3.5.1 release", "e.g. a dog", "a photo of i-beams",
    ])
    func splitLettersBenign(input: String) {
        #expect(normalizer.normalize(input).text == input)
    }

    @Test("leetspeak inside letter words is read as letters", arguments: [
        ("s3x", "sex"), ("k1ll", "kill"), ("a$$", "ass"), ("@ss", "ass"), ("p0rn", "porn"),
        ("n00d", "nood"), ("5h1t", "shit"), ("4ss", "ass"), ("a55", "ass"), ("d1ck", "dick"),
        ("g0r3", "gore"), ("b!tch", "bitch"), ("ki||", "kill"), ("5ex", "sex"), ("+3rr0r", "+error"),
        ("m€th", "meth"), ("nud3", "nude"), ("blu3", "blue"),
    ])
    func leetspeak(input: String, expected: String) {
        #expect(normalizer.normalize(input).text == expected)
    }

    @Test("numbers, units and model names are not leetspeak", arguments: [
        "a 3d render of a 1990s car in 4k", "35mm film, 1080p, 60fps", "an mp3 player", "k9 unit dog",
        "wow!", "c++ code on a screen", "a $100 bill", "2nd place", "r2d2 robot", "h2o molecule",
        "the 80s", "a 747 jet", "1920x1080 wallpaper", "ps5 controller", "8k uhd",
    ])
    func leetspeakBenign(input: String) {
        #expect(normalizer.normalize(input).text == input)
    }

    @Test("runs of 3+ equal letters show once; doubles stay", arguments: [
        ("nuuuude", "nude"), ("sooooo cute", "so cute"), ("balloon", "balloon"), ("kill", "kill"),
        ("grass", "grass"), ("zzz", "z"), ("a  cat", "a cat"),
    ])
    func repeats(input: String, expected: String) {
        #expect(normalizer.normalize(input).text == expected)
    }

    @Test("each transform can be switched off", arguments: [
        (TextNormalizer.Transforms.removeInvisible, "p\u{200B}orn"),
        (.compatibilityComposition, "𝐧𝐮𝐝𝐞"),
        (.homoglyphs, "ѕех"),
        (.caseFolding, "NUDE"),
        (.stripCombiningMarks, "nüde"),
        (.joinSplitLetters, "n u d e"),
        (.leetspeak, "s3x"),
        (.collapseRepeats, "nuuuude"),
    ])
    func switchable(transform: TextNormalizer.Transforms, input: String) {
        let without = TextNormalizer(transforms: TextNormalizer.Transforms.all.subtracting(transform))
        let with = TextNormalizer()
        #expect(without.normalize(input).text != with.normalize(input).text)
    }

    static let appliedCases: [(String, TextNormalizer.Transforms)] = [
        ("a cat on a mat", []),
        ("A Cat", [.caseFolding]),
        ("s3x", [.leetspeak]),
        ("p\u{200B}orn", [.removeInvisible]),
        ("ѕех", [.homoglyphs]),
        ("ＮＵＤＥ", [.compatibilityComposition, .caseFolding]),
        ("n u d e", [.joinSplitLetters]),
        ("nuuuude", [.collapseRepeats]),
        ("café", [.stripCombiningMarks]),
    ]

    @Test("the transforms that changed a prompt are reported", arguments: appliedCases)
    func applied(input: String, expected: TextNormalizer.Transforms) {
        #expect(normalizer.normalize(input).appliedTransforms == expected)
    }

    @Test("no transform leaves the text as typed (spaces aside)")
    func identity() {
        let none = TextNormalizer(transforms: [])
        #expect(none.normalize("S3X ＮＵＤＥ n u d e").text == "S3X ＮＵＤＥ n u d e")
    }
}
