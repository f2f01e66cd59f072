/// How a rule is enforced.
public enum RuleMode: String, Codable, Sendable, CaseIterable {
    /// The rule's action applies.
    case enforce
    /// Dry run: the rule is evaluated and logged, but acts as `warn`.
    case shadow
}
