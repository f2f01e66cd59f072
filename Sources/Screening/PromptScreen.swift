import Dispatch
import Foundation
import TextEncoder

/// The first gate: normalise against evasion, match the lexicons, encode with MiniLM, classify.
///
///     let screen = try PromptScreen.load(policiesDirectory: policies, modelsDirectory: models)
///     let result = try screen.screen(["a red apple on a blue background"])[0]
///     result.categoryScores["violence"]   // 0.5 = the category's operating point
///
/// The classifier reads the embedding of the NORMALISED prompt, so a disguised word ("n.u.d.3")
/// is seen as the word it hides; the lexicon hits point back at what the caller typed.
public struct PromptScreen: Sendable {
    public let normalizer: TextNormalizer
    public let matcher: LexiconMatcher
    public let encoder: MiniLMEncoder
    public let classifier: PromptClassifier
    public let scale: OperatingPointScale

    public init(normalizer: TextNormalizer = TextNormalizer(), matcher: LexiconMatcher,
                encoder: MiniLMEncoder, classifier: PromptClassifier) {
        self.normalizer = normalizer
        self.matcher = matcher
        self.encoder = encoder
        self.classifier = classifier
        self.scale = OperatingPointScale(thresholds: classifier.thresholds)
    }

    /// Loads the lexicons from `policiesDirectory/lexicons`, the text encoder from
    /// `modelsDirectory/text-encoder` and the classifier from `modelsDirectory/prompt-classifier`.
    public static func load(policiesDirectory: URL, modelsDirectory: URL) throws -> PromptScreen {
        let normalizer = TextNormalizer()
        let lexicons = try LexiconSet.load(directory: policiesDirectory.appendingPathComponent("lexicons"))
        let encoder = try MiniLMEncoder(directory: modelsDirectory.appendingPathComponent("text-encoder"))
        let classifier = try PromptClassifier(directory: modelsDirectory.appendingPathComponent("prompt-classifier"))
        return PromptScreen(normalizer: normalizer, matcher: LexiconMatcher(lexicons: lexicons, normalizer: normalizer),
                            encoder: encoder, classifier: classifier)
    }

    /// Screens `prompts` in one encoder batch. Latencies of shared steps are split evenly.
    public func screen(_ prompts: [String]) throws -> [PromptScreening] {
        guard !prompts.isEmpty else { return [] }
        var clock = DispatchTime.now().uptimeNanoseconds
        func lap() -> Double {
            let now = DispatchTime.now().uptimeNanoseconds
            defer { clock = now }
            return Double(now - clock) / 1e6
        }
        let normalized = prompts.map { normalizer.normalize($0) }
        let hits = normalized.map { matcher.hits(in: $0) }
        let matchMs = lap() / Double(prompts.count)
        let encodings = try encoder.encode(normalized.map(\.text))
        let encodeMs = lap() / Double(prompts.count)
        var classifications: [PromptClassification] = []
        classifications.reserveCapacity(prompts.count)
        for encoding in encodings {
            classifications.append(try classifier.classify(encoding: encoding))
        }
        let classifyMs = lap() / Double(prompts.count)
        let latency = PromptScreening.Latency(normalizeAndMatchMs: matchMs, encodeMs: encodeMs, classifyMs: classifyMs)
        return prompts.indices.map { i in
            PromptScreening(normalized: normalized[i], lexiconHits: hits[i],
                            probabilities: classifications[i].scores,
                            categoryScores: classifier.closingUpward(
                                operatingPointScores: scale.scores(classifications[i].scores)),
                            flaggedCategories: classifications[i].flaggedCategories,
                            encoding: encodings[i], latency: latency)
        }
    }
}
