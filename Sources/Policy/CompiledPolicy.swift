/// A parsed and validated policy: immutable, shared freely between requests.
/// Made only by `PolicyCompiler.compile(text:source:)`.
public struct CompiledPolicy: Sendable {
    /// The policy's id.
    public let id: String
    /// Its declared version (text; a number in the document is kept as written).
    public let version: String
    /// Its description.
    public let description: String
    /// The action when no rule fires.
    public let defaultAction: PolicyAction
    /// Rules in document order.
    public let rules: [PolicyRule]
    /// SHA-256 of `text` as UTF-8, lowercase hex.
    public let sha256: String
    /// The document, byte for byte.
    public let text: String
    /// Where it was read from.
    public let source: String
    /// Rule id -> position in `rules`.
    let ruleIndex: [String: Int]

    init(id: String, version: String, description: String, defaultAction: PolicyAction, rules: [PolicyRule],
         sha256: String, text: String, source: String) {
        self.id = id
        self.version = version
        self.description = description
        self.defaultAction = defaultAction
        self.rules = rules
        self.sha256 = sha256
        self.text = text
        self.source = source
        self.ruleIndex = Dictionary(rules.enumerated().map { ($0.element.id, $0.offset) }, uniquingKeysWith: { first, _ in first })
    }

    /// Exemplar rules (including exceptions whose match is an exemplar), for the screening layer.
    public var exemplarRules: [ExemplarRuleSpec] {
        rules.compactMap { rule in
            guard case let .exemplar(phrases, threshold) = rule.matcher else { return nil }
            return ExemplarRuleSpec(ruleID: rule.id, phrases: phrases, threshold: threshold)
        }
    }

    /// Image concept rules, for the image screening layer.
    public var imageConceptRules: [ImageConceptRuleSpec] {
        rules.compactMap { rule in
            guard case let .imageConcept(concept, threshold, phrases) = rule.matcher else { return nil }
            return ImageConceptRuleSpec(ruleID: rule.id, concept: concept, threshold: threshold,
                                        stages: Stage.allCases.filter { rule.stages.contains($0) }, phrases: phrases)
        }
    }

    /// The distinct concepts image screening must score.
    public var imageConcepts: [String] {
        var seen: Set<String> = []
        return imageConceptRules.map(\.concept).filter { seen.insert($0).inserted }
    }

    /// Concept -> its phrase set, for the concepts whose rules list `phrases` (the compiler makes
    /// every rule naming one concept list the same phrases), for the image screening layer.
    public var imageConceptPhrases: [String: [String]] {
        var out: [String: [String]] = [:]
        for spec in imageConceptRules where !spec.phrases.isEmpty { out[spec.concept] = spec.phrases }
        return out
    }

    /// The rule with this id.
    public func rule(id: String) -> PolicyRule? { ruleIndex[id].map { rules[$0] } }
}
