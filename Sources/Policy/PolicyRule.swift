import Foundation

/// Conditions on the request under which a rule applies. A nil list means "any".
public struct RuleConditions: Sendable, Equatable {
    /// Routes; an entry ending in `*` matches by prefix.
    public var routes: [String]?
    /// API key tenants.
    public var tenants: [String]?
    /// API key roles.
    public var roles: [String]?
    /// API key ids.
    public var keyIDs: [String]?
    /// Smallest image side (inclusive).
    public var minSize: Int?
    /// Largest image side (inclusive).
    public var maxSize: Int?
    /// Fewest images requested (inclusive).
    public var minN: Int?
    /// Most images requested (inclusive).
    public var maxN: Int?

    public init(routes: [String]? = nil, tenants: [String]? = nil, roles: [String]? = nil, keyIDs: [String]? = nil,
                minSize: Int? = nil, maxSize: Int? = nil, minN: Int? = nil, maxN: Int? = nil) {
        self.routes = routes
        self.tenants = tenants
        self.roles = roles
        self.keyIDs = keyIDs
        self.minSize = minSize
        self.maxSize = maxSize
        self.minN = minN
        self.maxN = maxN
    }

    /// The first condition `input` fails, in words; nil when all hold. A condition on a
    /// field the request does not carry (no tenant, no size) fails.
    public func firstFailure(for input: PolicyInput) -> String? {
        if let routes, !routes.contains(where: { Self.route($0, matches: input.route) }) {
            return "route \(input.route) is not one of \(routes.joined(separator: ", "))"
        }
        if let failure = Self.member("tenant", input.tenant, tenants) { return failure }
        if let failure = Self.member("role", input.role, roles) { return failure }
        if let failure = Self.member("key", input.keyID, keyIDs) { return failure }
        if let failure = Self.bound("size", input.size, min: minSize, max: maxSize) { return failure }
        if let failure = Self.bound("n", input.n, min: minN, max: maxN) { return failure }
        return nil
    }

    static func route(_ pattern: String, matches route: String) -> Bool {
        if pattern.hasSuffix("*") { return route.hasPrefix(String(pattern.dropLast())) }
        return pattern == route
    }

    private static func member(_ name: String, _ value: String?, _ allowed: [String]?) -> String? {
        guard let allowed else { return nil }
        guard let value else { return "the request has no \(name)" }
        return allowed.contains(value) ? nil : "\(name) \(value) is not one of \(allowed.joined(separator: ", "))"
    }

    private static func bound(_ name: String, _ value: Int?, min: Int?, max: Int?) -> String? {
        guard min != nil || max != nil else { return nil }
        guard let value else { return "the request has no \(name)" }
        if let min, value < min { return "\(name) \(value) is below \(min)" }
        if let max, value > max { return "\(name) \(value) is above \(max)" }
        return nil
    }
}

/// A compiled regular expression. `NSRegularExpression` is immutable and documented as safe
/// to use from several threads at once, which is what makes this wrapper `Sendable`.
public struct CompiledRegex: @unchecked Sendable {
    /// The pattern as written in the policy.
    public let pattern: String
    let expression: NSRegularExpression

    init(pattern: String, expression: NSRegularExpression) {
        self.pattern = pattern
        self.expression = expression
    }
}

/// Which prompt text a regex rule searches.
public enum RegexTarget: String, Sendable, CaseIterable {
    /// The prompt as typed.
    case original
    /// The normalised prompt.
    case normalized
    /// The original first, then the normalised one.
    case both
}

/// What signal a rule tests.
public enum RuleMatcher: Sendable {
    /// `categoryScores[name] >= threshold`.
    case category(name: String, threshold: Double)
    /// A lexicon hit of `name` with weight >= minWeight (and, when listed, one of `terms`).
    case lexicon(name: String, minWeight: Double, terms: [String]?)
    /// The regex finds a match in the target text.
    case regex(CompiledRegex, target: RegexTarget)
    /// `exemplarScores[rule id].similarity >= threshold`.
    case exemplar(phrases: [String], threshold: Double)
    /// `imageConcepts[concept] >= threshold`.
    case imageConcept(concept: String, threshold: Double)
    /// `nudityScore >= threshold`.
    case nudity(threshold: Double)
    /// Always matches (an exception whose only conditions are on the request).
    case always

    /// The kind word used in documents and traces.
    public var kind: String {
        switch self {
        case .category: return "category"
        case .lexicon: return "lexicon"
        case .regex: return "regex"
        case .exemplar: return "exemplar"
        case .imageConcept: return "image_concept"
        case .nudity: return "nudity"
        case .always: return "always"
        }
    }
}

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
