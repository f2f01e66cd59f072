/// What a rule, or a whole policy, decides. Ordered by severity: block > review > warn > allow.
public enum PolicyAction: String, Codable, Sendable, CaseIterable, Comparable {
    /// Let the request through.
    case allow
    /// Let it through and log the match (shadow rules act this way: Gatekeeper's dry-run).
    case warn
    /// Hold the request for a human reviewer.
    case review
    /// Refuse the request.
    case block

    /// 0 (allow) ... 3 (block).
    public var severity: Int {
        switch self {
        case .allow: return 0
        case .warn: return 1
        case .review: return 2
        case .block: return 3
        }
    }

    public static func < (lhs: PolicyAction, rhs: PolicyAction) -> Bool { lhs.severity < rhs.severity }
}

