import Foundation
import Policy
import Screening

/// Warden's explanation of a decision: the `warden` object of API answers and of
/// `warden ... --json`. It names the stage, the policy and version, the deciding rules with their
/// explanations and suggestions, the scores, and the spans of the prompt as the caller typed it.
public struct WardenVerdict: Codable, Sendable, Equatable {
    /// A span of the prompt as the caller typed it (UTF-16 offsets, end exclusive).
    public struct Span: Codable, Sendable, Equatable, Hashable {
        public var start: Int
        public var end: Int
        public var text: String
        public var ruleID: String

        enum CodingKeys: String, CodingKey { case start, end, text, ruleID = "rule_id" }
    }

    /// A deciding rule as the caller sees it.
    public struct Rule: Codable, Sendable, Equatable {
        public var id: String
        public var kind: String
        public var action: String
        public var explanation: String
        public var suggestion: String?
    }

    public var decisionID: String
    public var stage: String
    public var action: String
    public var policyID: String
    public var policyVersion: String
    public var rules: [Rule]
    public var categoryScores: [String: Double]
    public var flaggedCategories: [String]
    public var matchedSpans: [Span]
    public var message: String
    public var suggestions: [String]

    enum CodingKeys: String, CodingKey {
        case decisionID = "decision_id", stage, action, policyID = "policy_id", policyVersion = "policy_version"
        case rules, categoryScores = "category_scores", flaggedCategories = "flagged_categories"
        case matchedSpans = "matched_spans", message, suggestions
    }

    /// The verdict on a moderated prompt. Spans the rules found in the normalised prompt are
    /// mapped back to what the caller typed through the normaliser's offset map.
    public init(decisionID: String, moderation: PromptModeration) {
        let decision = moderation.decision
        let normalized = moderation.screening.normalized
        var spans: [Span] = []
        for rule in decision.decidingRules {
            for evidence in rule.evidence {
                guard let start = evidence.start, let end = evidence.end, start < end else { continue }
                if evidence.text == "normalized" {
                    let range = normalized.originalRange(ofNormalized: start..<end)
                    spans.append(Span(start: range.lowerBound, end: range.upperBound,
                                      text: normalized.originalText(in: range), ruleID: rule.ruleID))
                } else {
                    spans.append(Span(start: start, end: end, text: evidence.matchedText ?? "", ruleID: rule.ruleID))
                }
            }
        }
        var seen = Set<[Int]>()
        spans = spans.sorted { ($0.start, $0.end) < ($1.start, $1.end) }.filter { seen.insert([$0.start, $0.end]).inserted }
        self.decisionID = decisionID
        self.stage = decision.stage.rawValue
        self.action = decision.action.rawValue
        self.policyID = decision.policyID
        self.policyVersion = decision.policyVersion
        self.rules = decision.decidingRules.map {
            Rule(id: $0.ruleID, kind: $0.kind, action: $0.action.rawValue, explanation: $0.explanation,
                 suggestion: $0.suggestion)
        }
        self.categoryScores = moderation.screening.categoryScores
        self.flaggedCategories = moderation.screening.flaggedCategories
        self.matchedSpans = spans
        self.suggestions = decision.suggestions
        self.message = Self.message(action: decision.action, explanations: decision.explanations,
                                    suggestions: decision.suggestions, spans: spans)
    }

    /// A sentence for the caller, written as a person would.
    static func message(action: PolicyAction, explanations: [String], suggestions: [String], spans: [Span]) -> String {
        let reason = explanations.first ?? "it does not meet this service's content policy"
        var text: String
        switch action {
        case .block: text = "Your request was refused: \(reason)"
        case .review: text = "Your request is held for a human review: \(reason)"
        case .warn: text = "Your request was allowed, with a note: \(reason)"
        case .allow: return "Your request was allowed."
        }
        if !text.hasSuffix(".") { text += "." }
        let quoted = Array(Set(spans.map(\.text))).filter { !$0.isEmpty }.sorted().prefix(3)
        if !quoted.isEmpty { text += " It concerns: " + quoted.map { "\"\($0)\"" }.joined(separator: ", ") + "." }
        if let suggestion = suggestions.first {
            text += " " + suggestion + (suggestion.hasSuffix(".") ? "" : ".")
        }
        return text
    }
}
