import Foundation

/// An API key as stored and listed: never the key itself, only its id, a short prefix to
/// recognise it by, and what it may do.
public struct APIKeyRecord: Codable, Sendable, Equatable {
    /// Stable id (`key_` + 16 hex digits): what the audit log records as `api_key_id`.
    public var id: String
    /// The first characters of the key (`wk_` + 4), enough to tell keys apart in a list.
    public var prefix: String
    /// A free-text label given at creation.
    public var name: String
    /// The tenant the key's requests belong to (a policy condition: `when: tenants`).
    public var tenant: String
    /// The roles the key holds, sorted.
    public var roles: [Role]
    public var createdAt: Date
    /// Set once the key is revoked; a revoked key is refused with 401.
    public var revokedAt: Date?

    public var isRevoked: Bool { revokedAt != nil }

    enum CodingKeys: String, CodingKey {
        case id, prefix, name, tenant, roles, createdAt = "created_at", revokedAt = "revoked_at"
    }
}

/// A newly created key: the record and the secret, which exists only here and is shown once.
public struct IssuedAPIKey: Sendable {
    public var record: APIKeyRecord
    /// `wk_` + 43 URL-safe base64 characters (32 random bytes).
    public var secret: String
}
