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
