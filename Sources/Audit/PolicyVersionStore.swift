import Foundation
import Storage

/// One accepted policy text as stored.
public struct PolicyVersionRecord: Sendable, Codable, Equatable {
    /// Row id (global, increasing).
    public var id: Int64
    /// The policy's id.
    public var policyID: String
    /// 1, 2, 3, ... per policy id: the order versions were accepted in.
    public var revision: Int
    /// The version the document declares.
    public var version: String
    /// The document text, byte for byte.
    public var text: String
    /// SHA-256 of `text` (UTF-8), lowercase hex: the value audit rows carry as `policy_sha256`.
    public var sha256: String
    /// The API key id of the person who stored it.
    public var authorKeyID: String?
    /// When it was stored.
    public var time: Date
    /// Why (free text; rollbacks say which revision they restore).
    public var comment: String
}

/// Every accepted policy text, in `policy_versions` of the audit database, with rollback.
///
///     let store = try PolicyVersionStore(dataDirectory: dir)
///     let v = try await store.store(policyID: "default", version: "3", text: yaml, authorKeyID: "k1", comment: "tighten hate")
///     let restored = try await store.rollback(policyID: "default", toRevision: 1, authorKeyID: "k1", comment: "revert")
public actor PolicyVersionStore {
    private let database: Database

    /// Opens the store in `<data-dir>/audit.sqlite3` (migrating it when needed).
    public init(dataDirectory: URL) throws {
        do {
            try FileManager.default.createDirectory(at: dataDirectory, withIntermediateDirectories: true)
        } catch {
            throw AuditError.dataDirectory(path: dataDirectory.path, reason: error.localizedDescription)
        }
        let path = dataDirectory.appendingPathComponent("audit.sqlite3").path
        try AuditLog.migrate(path: path)
        do {
            let database = try Database(path: path)
            try database.configure(journal: .wal, synchronous: .full)
            self.database = database
        } catch {
            throw AuditError.wrap("opening the policy version store", error)
        }
    }

    /// Stores `text` as the next revision of `policyID`; returns the stored record.
    @discardableResult
    public func store(policyID: String, version: String, text: String, authorKeyID: String?, comment: String,
                      time: Date = Date()) throws -> PolicyVersionRecord {
        guard !policyID.isEmpty else { throw AuditError.invalidInput(reason: "policy id is empty") }
        let sha = AuditChain.sha256Hex(Data(text.utf8))
        let micros = Int64((time.timeIntervalSince1970 * 1_000_000).rounded())
        do {
            return try database.transaction(.immediate) {
                let next = try database.prepare("SELECT COALESCE(MAX(revision), 0) + 1 FROM policy_versions WHERE policy_id = ?")
                try next.bind(1, policyID)
                _ = try next.step()
                let revision = next.int(0)
                let insert = try database.prepare("""
                    INSERT INTO policy_versions(policy_id, revision, version, text, sha256, author_key_id, time_us, comment)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """)
                try insert.bind(1, policyID)
                try insert.bind(2, revision)
                try insert.bind(3, version)
                try insert.bind(4, text)
                try insert.bind(5, sha)
                try insert.bind(6, authorKeyID)
                try insert.bind(7, micros)
                try insert.bind(8, comment)
                try insert.run()
                return PolicyVersionRecord(id: database.lastInsertRowID, policyID: policyID, revision: revision,
                                           version: version, text: text, sha256: sha, authorKeyID: authorKeyID,
                                           time: Date(timeIntervalSince1970: Double(micros) / 1_000_000), comment: comment)
            }
        } catch {
            throw AuditError.wrap("storing a version of policy '\(policyID)'", error)
        }
    }

    /// Every stored version of `policyID`, oldest first.
    public func list(policyID: String) throws -> [PolicyVersionRecord] {
        try select("WHERE policy_id = ? ORDER BY revision", policyID)
    }

    /// One revision of `policyID`.
    public func get(policyID: String, revision: Int) throws -> PolicyVersionRecord {
        guard let found = try select("WHERE policy_id = ? AND revision = \(revision)", policyID).first else {
            throw AuditError.policyVersionNotFound(policyID: policyID, identifier: "revision \(revision)")
        }
        return found
    }

    /// The newest revision of `policyID`, or nil when none is stored.
    public func latest(policyID: String) throws -> PolicyVersionRecord? {
        try select("WHERE policy_id = ? ORDER BY revision DESC LIMIT 1", policyID).first
    }

    /// The version stored last, whatever its policy id (the one a restarted gateway runs), or nil.
    public func newest() throws -> PolicyVersionRecord? {
        try select("WHERE ?1 IS NOT NULL ORDER BY id DESC LIMIT 1", "any").first
    }

    /// The stored version whose text has this SHA-256 (the newest such), or nil.
    public func version(sha256: String) throws -> PolicyVersionRecord? {
        try select("WHERE sha256 = ? ORDER BY id DESC LIMIT 1", sha256).first
    }

    /// Stores the text of an older revision again as the newest revision (history is never rewritten).
    @discardableResult
    public func rollback(policyID: String, toRevision revision: Int, authorKeyID: String?, comment: String = "",
                         time: Date = Date()) throws -> PolicyVersionRecord {
        let old = try get(policyID: policyID, revision: revision)
        let note = "rollback to revision \(revision)" + (comment.isEmpty ? "" : ": \(comment)")
        return try store(policyID: policyID, version: old.version, text: old.text, authorKeyID: authorKeyID,
                         comment: note, time: time)
    }

    private func select(_ tail: String, _ parameter: String) throws -> [PolicyVersionRecord] {
        do {
            let statement = try database.prepare("""
                SELECT id, policy_id, revision, version, text, sha256, author_key_id, time_us, comment
                FROM policy_versions \(tail)
                """)
            try statement.bind(1, parameter)
            var out: [PolicyVersionRecord] = []
            while try statement.step() {
                out.append(PolicyVersionRecord(
                    id: statement.int64(0), policyID: statement.string(1), revision: statement.int(2),
                    version: statement.string(3), text: statement.string(4), sha256: statement.string(5),
                    authorKeyID: statement.optionalString(6),
                    time: Date(timeIntervalSince1970: Double(statement.int64(7)) / 1_000_000),
                    comment: statement.string(8)))
            }
            return out
        } catch {
            throw AuditError.wrap("reading policy versions", error)
        }
    }
}
