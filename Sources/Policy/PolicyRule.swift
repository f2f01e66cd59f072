import Foundation

/// One compiled rule.
public struct PolicyRule: Sendable {
    /// Unique id within the policy.
    public let id: String
    /// The signal it tests.
    public let matcher: RuleMatcher
    /// The action written in the document.
    public let action: PolicyAction
    /// enforce or shadow.
    public let mode: RuleMode
    /// The stages it applies at.
    public let stages: Set<Stage>
    /// Conditions on the request.
    public let conditions: RuleConditions
    /// For exceptions: the ids of the rules it overrides; empty for other rules.
    public let overrides: [String]
    /// Whether this is an allow-exception.
    public let isException: Bool
    /// What the caller is told when the rule decides.
    public let explanation: String
    /// What the caller can change.
    public let suggestion: String?
    /// Line of the rule in the document.
    public let line: Int

    /// "exception" for exceptions, otherwise the matcher's kind.
    public var kind: String { isException ? "exception" : matcher.kind }

    /// The action when the rule fires: a shadow rule never does more than warn.
    public var effectiveAction: PolicyAction {
        mode == .shadow && action > .warn ? .warn : action
    }
}
