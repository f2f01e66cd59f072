import Foundation
import Imaging

extension ConceptScreen {
    /// The phrases of a set as scored: the concept first, then `phrases`, trimmed, empty ones
    /// dropped, duplicates removed (first kept).
    public static func phraseSet(concept: String, phrases: [String]) -> [String] {
        var seen: Set<String> = []
        return ([concept] + phrases)
            .map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
            .filter { !$0.isEmpty && seen.insert($0).inserted }
    }

    static func phraseSetKey(_ phrases: [String]) -> String { phrases.joined(separator: "\u{1F}") }

    /// The cached set map of `concept` spelled out by `phrases` (computed on first use: one text
    /// embedding per phrase, cached as concepts are, and one pass over the clean bank per phrase).
    public func phraseSetMap(concept: String, phrases: [String]) throws(ScreeningError) -> ConceptPhraseSetMap {
        let set = Self.phraseSet(concept: concept, phrases: phrases)
        guard !set.isEmpty else { throw .conceptInvalid(concept: concept, reason: "the concept text is empty") }
        let key = Self.phraseSetKey(set)
        if let hit = phraseSetCache.withLock({ $0[key] }) { return hit }
        var embeddings: [[Float]] = []
        for phrase in set { embeddings.append(try self.concept(phrase).embedding) }
        let map = try imageEncoder.calibration.phraseSetMap(phrases: set, embeddings: embeddings)
        phraseSetCache.withLock { cached in
            if cached.count >= Self.cacheLimit { cached.removeAll() }
            cached[key] = map
        }
        return map
    }

    /// Calibrated matches of an image embedding for every concept (duplicates collapse): a
    /// concept with a non-empty entry in `phrases` is scored as that phrase set (and names the
    /// phrase that scored highest), any other on its own.
    public func matches(embedding: [Float], concepts: [String],
                        phrases: [String: [String]]) throws(ScreeningError) -> [String: ConceptMatch] {
        var out: [String: ConceptMatch] = [:]
        for name in concepts where out[name] == nil {
            guard let list = phrases[name], !list.isEmpty else {
                out[name] = ConceptMatch(score: try scores(embedding: embedding, concepts: [name])[name] ?? 0)
                continue
            }
            let map = try phraseSetMap(concept: name, phrases: list)
            var cosines: [Double] = []
            cosines.reserveCapacity(map.phrases.count)
            for phrase in map.phrases { cosines.append(try Self.cosine(embedding, concept(phrase).embedding)) }
            let match = map.match(cosines: cosines)
            out[name] = ConceptMatch(score: match.score, phrase: map.phrases[match.phraseIndex])
        }
        return out
    }

    /// Embeds `image` and matches it against every concept (see `matches(embedding:concepts:phrases:)`).
    public func matches(_ image: RGBAImage, concepts: [String],
                        phrases: [String: [String]]) throws(ScreeningError) -> [String: ConceptMatch] {
        try matches(embedding: imageEncoder.embed(image), concepts: concepts, phrases: phrases)
    }
}
