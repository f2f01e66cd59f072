/// One schema step: `version` is the `PRAGMA user_version` the file has after it ran.
public struct Migration: Sendable {
    /// Target `user_version` (1, 2, 3, ... in order, no gaps).
    public let version: Int
    /// A short name for logs and errors.
    public let name: String
    /// The SQL to run (several statements allowed).
    public let sql: String

    public init(version: Int, name: String, sql: String) {
        self.version = version
        self.name = name
        self.sql = sql
    }
}

/// Applies ordered migrations under `PRAGMA user_version`, each in its own IMMEDIATE
/// transaction together with the `user_version` bump, so a crash leaves the file at a
/// whole version. A file newer than the known migrations is refused.
///
///     try Migrator(migrations: AuditSchema.migrations).migrate(db)
public struct Migrator: Sendable {
    /// The migrations, sorted by version.
    public let migrations: [Migration]

    public init(migrations: [Migration]) {
        self.migrations = migrations.sorted { $0.version < $1.version }
    }

    /// The highest version this migrator knows.
    public var latestVersion: Int { migrations.last?.version ?? 0 }

    /// Brings `database` up to `latestVersion`; returns the versions it applied.
    @discardableResult
    public func migrate(_ database: Database) throws -> [Int] {
        let current = try database.userVersion()
        if current > latestVersion {
            throw StorageError.schemaTooNew(path: database.path, fileVersion: current, knownVersion: latestVersion)
        }
        var applied: [Int] = []
        for migration in migrations where migration.version > current {
            do {
                try database.transaction(.immediate) {
                    // Re-read inside the lock: another process may have migrated meanwhile.
                    if try database.userVersion() >= migration.version { return }
                    try database.execute(migration.sql)
                    try database.execute("PRAGMA user_version = \(migration.version)")
                    applied.append(migration.version)
                }
            } catch let error as StorageError {
                throw StorageError.migrationFailed(version: migration.version, name: migration.name,
                                                   underlying: error.description)
            }
        }
        return applied
    }
}
