import Foundation
import Storage

/// API keys in `<data-dir>/keys.sqlite3`, stored only as SHA-256 hashes of the key.
///
///     let store = try APIKeyStore(dataDirectory: dir)
///     if let admin = try await store.bootstrapAdminKey() { log(admin.secret) }   // empty store only
///     let issued = try await store.create(roles: [.client], name: "web app")
///     let record = try await store.authenticate(secret: issued.secret)         // nil: unknown or revoked
///     try await store.revoke(id: issued.record.id)
///
/// Every lookup reads the database, so a key revoked by `warden keys revoke` in another
/// process is refused from its next request on.
public actor APIKeyStore {
    /// The database file.
    public nonisolated let path: String
    private let database: Database

    static let migrations = [
        Migration(version: 1, name: "api keys", sql: """
            CREATE TABLE api_keys (
                id          TEXT PRIMARY KEY,
                key_sha256  TEXT NOT NULL UNIQUE,
                prefix      TEXT NOT NULL,
                name        TEXT NOT NULL,
                tenant      TEXT NOT NULL,
                roles       TEXT NOT NULL,
                created_us  INTEGER NOT NULL,
                revoked_us  INTEGER
            );
            """),
    ]

    /// Opens (creating and migrating when needed) the key store under `dataDirectory`.
    public init(dataDirectory: URL) throws(GatewayError) {
        let path = dataDirectory.appendingPathComponent("keys.sqlite3").path
        do {
            try FileManager.default.createDirectory(at: dataDirectory, withIntermediateDirectories: true)
            let database = try Database(path: path)
            try database.configure(journal: .wal, synchronous: .full)
            try Migrator(migrations: Self.migrations).migrate(database)
            self.database = database
        } catch {
            throw .keyStore(path: path, reason: "\(error)")
        }
        self.path = path
    }

    /// Creates a key with `roles`; the returned secret is not stored anywhere.
    public func create(roles: Set<Role>, name: String = "", tenant: String = "default",
                       now: Date = Date()) throws(GatewayError) -> IssuedAPIKey {
        guard !roles.isEmpty else { throw .invalidParameter(name: "role", reason: "a key needs at least one role") }
        guard !tenant.isEmpty else { throw .invalidParameter(name: "tenant", reason: "the tenant is empty") }
        do {
            return try database.transaction(.immediate) { try insert(roles: roles, name: name, tenant: tenant, now: now) }
        } catch {
            throw .keyStore(path: path, reason: "creating a key: \(error)")
        }
    }

    /// On a store that has never held a key, creates the admin key (all roles) and returns it;
    /// otherwise nil (also when every key has since been revoked).
    public func bootstrapAdminKey(now: Date = Date()) throws(GatewayError) -> IssuedAPIKey? {
        do {
            return try database.transaction(.immediate) {
                guard try database.scalarInt("SELECT COUNT(*) FROM api_keys") == 0 else { return nil }
                return try insert(roles: Set(Role.allCases), name: "admin (created at first start)", tenant: "default", now: now)
            }
        } catch {
            throw .keyStore(path: path, reason: "creating the admin key: \(error)")
        }
    }

    /// Every key, oldest first (revoked ones included).
    public func list() throws(GatewayError) -> [APIKeyRecord] {
        do {
            return try select("1 ORDER BY created_us, id", nil)
        } catch {
            throw .keyStore(path: path, reason: "listing keys: \(error)")
        }
    }

    /// Revokes the key with this id; revoking twice keeps the first time.
    @discardableResult
    public func revoke(id: String, now: Date = Date()) throws(GatewayError) -> APIKeyRecord {
        let found: [APIKeyRecord]
        do {
            let update = try database.prepare("UPDATE api_keys SET revoked_us = COALESCE(revoked_us, ?) WHERE id = ?")
            try update.bind(1, Self.micros(now))
            try update.bind(2, id)
            try update.run()
            found = try select("id = ?", id)
        } catch {
            throw .keyStore(path: path, reason: "revoking \(id): \(error)")
        }
        guard let record = found.first else { throw .keyNotFound(id: id) }
        return record
    }

    /// The live key whose secret this is; nil when the format is wrong, the key unknown or revoked.
    public func authenticate(secret: String) throws(GatewayError) -> APIKeyRecord? {
        guard APIKeySecret.isWellFormed(secret) else { return nil }
        do {
            return try select("key_sha256 = ? AND revoked_us IS NULL", APIKeySecret.hash(secret)).first
        } catch {
            throw .keyStore(path: path, reason: "looking up a key: \(error)")
        }
    }

    private func insert(roles: Set<Role>, name: String, tenant: String, now: Date) throws -> IssuedAPIKey {
        let secret = APIKeySecret.generate()
        let record = APIKeyRecord(id: APIKeySecret.generateID(), prefix: String(secret.prefix(7)), name: name,
                                  tenant: tenant, roles: roles.sorted(),
                                  createdAt: Date(timeIntervalSince1970: Double(Self.micros(now)) / 1_000_000),
                                  revokedAt: nil)
        let statement = try database.prepare("""
            INSERT INTO api_keys(id, key_sha256, prefix, name, tenant, roles, created_us, revoked_us)
            VALUES (?, ?, ?, ?, ?, ?, ?, NULL)
            """)
        try statement.bind(1, record.id)
        try statement.bind(2, APIKeySecret.hash(secret))
        try statement.bind(3, record.prefix)
        try statement.bind(4, name)
        try statement.bind(5, tenant)
        try statement.bind(6, record.roles.map(\.rawValue).joined(separator: ","))
        try statement.bind(7, Self.micros(now))
        try statement.run()
        return IssuedAPIKey(record: record, secret: secret)
    }

    private func select(_ condition: String, _ parameter: String?) throws -> [APIKeyRecord] {
        let statement = try database.prepare(
            "SELECT id, prefix, name, tenant, roles, created_us, revoked_us FROM api_keys WHERE \(condition)")
        if let parameter { try statement.bind(1, parameter) }
        var out: [APIKeyRecord] = []
        while try statement.step() {
            let roles = statement.string(4).split(separator: ",").compactMap { Role(rawValue: String($0)) }
            out.append(APIKeyRecord(
                id: statement.string(0), prefix: statement.string(1), name: statement.string(2),
                tenant: statement.string(3), roles: roles,
                createdAt: Date(timeIntervalSince1970: Double(statement.int64(5)) / 1_000_000),
                revokedAt: statement.optionalInt(6).map { Date(timeIntervalSince1970: Double($0) / 1_000_000) }))
        }
        return out
    }

    static func micros(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1_000_000).rounded()) }
}
