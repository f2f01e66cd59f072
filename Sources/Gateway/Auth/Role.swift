/// What an API key may do. A route names the roles that may call it; a key holding any of them
/// passes. The first key of a data directory (the admin key) holds all three.
public enum Role: String, Codable, Sendable, CaseIterable, Hashable, Comparable {
    /// Calls the OpenAI-shaped routes: moderations, image generation and edits, polling.
    case client
    /// Reads the audit log and decides held requests.
    case reviewer
    /// Reads and changes the policy (and reads the audit log).
    case policyAdmin = "policy-admin"

    /// Parses a role name as the CLI and the API spell it ("client", "reviewer", "policy-admin").
    public init(name: String) throws(GatewayError) {
        guard let role = Role(rawValue: name.lowercased()) else {
            throw .invalidParameter(name: "role", reason: "'\(name)' is not a role; use one of: "
                                    + Role.allCases.map(\.rawValue).joined(separator: ", "))
        }
        self = role
    }

    public static func < (lhs: Role, rhs: Role) -> Bool { lhs.rank < rhs.rank }

    private var rank: Int {
        switch self {
        case .client: return 0
        case .reviewer: return 1
        case .policyAdmin: return 2
        }
    }
}
