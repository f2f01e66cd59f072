import Policy

/// Who is asking and through which route: the request facts a policy's conditions read.
public struct RequestContext: Sendable, Equatable {
    public var route: String
    public var keyID: String?
    public var tenant: String?
    public var role: String?
    public var size: Int?
    public var n: Int?

    public init(route: String, keyID: String? = nil, tenant: String? = nil, role: String? = nil,
                size: Int? = nil, n: Int? = nil) {
        self.route = route
        self.keyID = keyID
        self.tenant = tenant
        self.role = role
        self.size = size
        self.n = n
    }

    /// The command line's context (`warden moderate`, `warden generate`).
    public static func commandLine(route: String) -> RequestContext {
        RequestContext(route: route, keyID: "cli", role: "policy-admin")
    }
}
