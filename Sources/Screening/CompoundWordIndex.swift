/// Strong single-word terms glued to a common companion word to dodge whole-word matching:
/// "nudewoman", "pornhub", "sexvideo", "teenporn", "hentaigirl".
///
/// A prompt word of letters is split once, at each position where one side is a companion word
/// (a short fixed list of nouns and adjectives that such compounds use) and the other side is
/// a single-word term of weight 0.7 or more. The companion list is kept small on purpose so
/// ordinary compounds do not split into a term ("therapist" is not "the" + "rapist",
/// "manslaughter" is not "man" + a strong term, "heroine" is not "heroin" + "e").
struct CompoundWordIndex: Sendable {
    /// Companion words (lowercase).
    static let companions: Set<String> = [
        "woman", "women", "girl", "girls", "lady", "ladies", "man", "men", "guy", "guys", "boy", "boys",
        "teen", "teens", "child", "kid", "kids", "baby", "body", "photo", "photos", "pic", "pics",
        "picture", "pictures", "image", "images", "selfie", "selfies", "video", "videos", "vid", "vids",
        "scene", "scenes", "model", "models", "art", "hub", "site", "star", "stars", "queen", "hot",
        "free", "real", "big", "wet", "cam", "live", "show", "club", "party", "game", "games", "xxx",
    ]
    /// Minimum weight of a term found inside a compound.
    static let minimumWeight = 0.7

    /// Companions packed as in `pack` (no allocation per lookup).
    private let packedCompanions: Set<UInt64>
    /// Terms of up to 8 letters, packed.
    private var shortTerms: [UInt64: [LexiconEntry]] = [:]
    /// Longer terms.
    private var longTerms: [String: [LexiconEntry]] = [:]

    init(terms entries: [LexiconEntry], normalizer: TextNormalizer) {
        packedCompanions = Set(Self.companions.compactMap { Self.pack(Array($0.unicodeScalars)[...]) })
        for entry in entries where !entry.matchesPrefix && entry.weight >= Self.minimumWeight {
            let scalars = normalizer.normalize(entry.term).units.map(\.scalar)
            guard scalars.count >= 3, scalars.allSatisfy(Self.isLowercaseASCII) else { continue }
            if let packed = Self.pack(scalars[...]) {
                shortTerms[packed, default: []].append(entry)
            } else {
                longTerms[MaskedWordIndex.key(scalars), default: []].append(entry)
            }
        }
    }

    static func isLowercaseASCII(_ scalar: Unicode.Scalar) -> Bool { scalar.value >= 0x61 && scalar.value <= 0x7A }

    /// Up to 8 lowercase ASCII letters as one integer, or nil when longer.
    static func pack(_ letters: ArraySlice<Unicode.Scalar>) -> UInt64? {
        guard letters.count <= 8 else { return nil }
        var value: UInt64 = 0
        for letter in letters { value = value << 8 | UInt64(letter.value & 0xFF) }
        return value
    }

    private func terms(_ letters: ArraySlice<Unicode.Scalar>) -> [LexiconEntry]? {
        if let packed = Self.pack(letters) { return shortTerms[packed] }
        return longTerms[MaskedWordIndex.key(Array(letters))]
    }

    private func isCompanion(_ letters: ArraySlice<Unicode.Scalar>) -> Bool {
        guard let packed = Self.pack(letters) else { return false }
        return packedCompanions.contains(packed)
    }

    /// Hits of compound words in `text`.
    func hits(in text: NormalizedText) -> [LexiconHit] {
        guard !shortTerms.isEmpty || !longTerms.isEmpty else { return [] }
        let units = text.units
        var hits: [LexiconHit] = []
        var start = 0
        while start < units.count {
            guard ScalarClass.isLetter(units[start].scalar) else {
                start += 1
                continue
            }
            var end = start
            while end < units.count, ScalarClass.isLetter(units[end].scalar) { end += 1 }
            guard units[start..<end].allSatisfy({ Self.isLowercaseASCII($0.scalar) }) else {
                start = end
                continue
            }
            let bounded = (start == 0 || !ScalarClass.isWordScalar(units[start - 1].scalar))
                && (end == units.count || !ScalarClass.isWordScalar(units[end].scalar))
            if bounded, end - start >= 6 {
                let word = units[start..<end].map(\.scalar)
                for entry in split(word) {
                    let lower = Int(units[start..<end].map(\.start).min() ?? 0)
                    let upper = Int(units[start..<end].map(\.end).max() ?? 0)
                    hits.append(LexiconHit(lexicon: entry.category, term: entry.term, weight: entry.weight,
                                           start: lower, end: upper, matchedText: text.originalText(in: lower..<upper)))
                }
            }
            start = end
        }
        return hits
    }

    /// The terms a word splits into, next to a companion.
    func split(_ word: [Unicode.Scalar]) -> [LexiconEntry] {
        var found: [LexiconEntry] = []
        for cut in 3...(word.count - 3) {
            if isCompanion(word[cut...]), let entries = terms(word[..<cut]) { found.append(contentsOf: entries) }
            if isCompanion(word[..<cut]), let entries = terms(word[cut...]) { found.append(contentsOf: entries) }
        }
        return found
    }
}
