import Foundation
import Policy

extension WardenVerdict {
    /// The verdict on an image (an edit's upload or a generated image): the image's own scores
    /// (`nudity` and each concept in words) stand where a prompt's category scores would.
    public init(decisionID: String, imageDecision decision: PolicyDecision, report: ImageSafetyReport) {
        var scores = report.conceptScores
        scores["nudity"] = report.nudityScore
        self.decisionID = decisionID
        self.stage = decision.stage.rawValue
        self.action = decision.action.rawValue
        self.policyID = decision.policyID
        self.policyVersion = decision.policyVersion
        self.rules = decision.decidingRules.map {
            Rule(id: $0.ruleID, kind: $0.kind, action: $0.action.rawValue, explanation: $0.explanation,
                 suggestion: $0.suggestion)
        }
        self.categoryScores = scores
        self.flaggedCategories = Array(Set(decision.decidingRules.flatMap(\.evidence).map { $0.concept ?? $0.kind })).sorted()
        self.matchedSpans = []
        self.suggestions = decision.suggestions
        self.message = Self.message(action: decision.action, explanations: decision.explanations,
                                    suggestions: decision.suggestions, spans: [])
    }

    /// The verdict of a reviewer on a held request: `approved` or denied, with the note, under
    /// the policy that held it.
    public init(decisionID: String, reviewOf held: WardenVerdict, approved: Bool, note: String?) {
        self = held
        self.decisionID = decisionID
        self.action = approved ? PolicyAction.allow.rawValue : PolicyAction.block.rawValue
        let reason = note.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.flatMap { $0.isEmpty ? nil : $0 }
        if approved {
            self.message = "A reviewer approved your request."
        } else {
            var text = "A reviewer declined your request"
            if let reason { text += ": " + reason }
            if !text.hasSuffix(".") { text += "." }
            if let suggestion = held.suggestions.first {
                text += " " + suggestion + (suggestion.hasSuffix(".") ? "" : ".")
            }
            self.message = text
        }
        self.rules = [Rule(id: "human-review", kind: "review", action: self.action,
                           explanation: reason ?? (approved ? "Approved by a reviewer." : "Declined by a reviewer."),
                           suggestion: nil)] + held.rules
    }
}
