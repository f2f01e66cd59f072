import Foundation
import Yams

/// The optional `phrases` list of an image_concept rule: phrases that spell out what the
/// concept covers ("a weapon": a gun, a sword, a bow and arrow, ...). Image screening scores
/// the concept as the phrase set (each phrase calibrated, the highest taken and calibrated
/// again), so every rule that names one concept must list the same phrases.
enum ImageConceptPhrases {
    /// The rule's phrases, trimmed ([] when it lists none). A list of non-empty texts, or a typed error.
    static func compile(_ rule: YAMLMapping) throws(PolicyError) -> [String] {
        guard let node = rule.node("phrases") else { return [] }
        guard case let .sequence(sequence) = node else {
            throw .wrongType(at: rule.valueLocation(of: "phrases"), key: "phrases", expected: "a list of text",
                             found: YAMLMapping.describe(node))
        }
        guard !sequence.isEmpty else {
            throw .invalidRule(at: rule.valueLocation(of: "phrases"),
                               reason: "'phrases' must list at least one phrase (or be left out)")
        }
        var phrases: [String] = []
        for item in sequence {
            let at = YAMLMapping.location(of: item, source: rule.source)
            guard case let .scalar(scalar) = item, YAMLMapping.tagName(item) == .str else {
                throw .wrongType(at: at, key: "phrases item", expected: "text", found: YAMLMapping.describe(item))
            }
            let phrase = scalar.string.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !phrase.isEmpty else {
                throw .invalidRule(at: at, reason: "a phrase of 'phrases' is empty")
            }
            guard !phrases.contains(phrase) else {
                throw .invalidRule(at: at, reason: "phrase '\(phrase)' is listed twice")
            }
            phrases.append(phrase)
        }
        return phrases
    }

    /// Every image_concept rule naming one concept lists the same phrases (or none in all).
    static func checkConsistent(_ rules: [PolicyRule], nodes: [Node], source: String) throws(PolicyError) {
        var first: [String: (rule: PolicyRule, phrases: [String])] = [:]
        for (rule, node) in zip(rules, nodes) {
            guard case let .imageConcept(concept, _, phrases) = rule.matcher else { continue }
            guard let earlier = first[concept] else {
                first[concept] = (rule, phrases)
                continue
            }
            guard earlier.phrases != phrases else { continue }
            let mapping = try YAMLMapping(node: node, source: source, context: "rule", allowed: nil)
            let at = mapping.node("phrases") != nil ? mapping.valueLocation(of: "phrases") : mapping.location
            throw .conflictingConceptPhrases(at: at, concept: concept, rule: rule.id, otherRule: earlier.rule.id,
                                             otherLine: earlier.rule.line)
        }
    }
}
