import CSQLite3
import Foundation

/// One SQLite connection.
///
/// Concurrency discipline: a `Database` is deliberately **not** `Sendable`. Create it inside the
/// serial context that uses it (an actor's initialiser, a dedicated writer thread) and never let
/// it escape; the connection is opened with `SQLITE_OPEN_NOMUTEX`, which is safe exactly under
/// that discipline. Use one connection per context (WAL lets readers run beside one writer).
///
///     let db = try Database(path: url.path, options: .readWriteCreate)
///     try db.configure(journal: .wal, synchronous: .full, busyTimeoutMilliseconds: 5_000)
///     try db.transaction { try db.execute("INSERT INTO t VALUES (1)") }
public final class Database {
    /// Flags for `sqlite3_open_v2`.
    public struct OpenOptions: OptionSet, Sendable {
        public let rawValue: Int32
        public init(rawValue: Int32) { self.rawValue = rawValue }
        /// Open read-only (fails if the file is missing).
        public static let readOnly = OpenOptions(rawValue: SQLITE_OPEN_READONLY)
        /// Open for reading and writing.
        public static let readWrite = OpenOptions(rawValue: SQLITE_OPEN_READWRITE)
        /// Create the file when it is missing (with `readWrite`).
        public static let create = OpenOptions(rawValue: SQLITE_OPEN_CREATE)
        /// The usual choice: read, write, create.
        public static let readWriteCreate: OpenOptions = [.readWrite, .create]
    }

    /// `PRAGMA journal_mode` values this wrapper supports.
    public enum JournalMode: String, Sendable {
        case wal = "wal"
        case delete = "delete"
    }

    /// `PRAGMA synchronous` values. With WAL, `.full` fsyncs the log on every commit, which is
    /// what "durable when the commit returns" needs; `.normal` may lose the last commits on power loss.
    public enum Synchronous: Int, Sendable {
        case off = 0
        case normal = 1
        case full = 2
    }

    /// How a transaction takes its locks (`BEGIN DEFERRED|IMMEDIATE|EXCLUSIVE`).
    public enum TransactionKind: String, Sendable {
        case deferred = "DEFERRED"
        case immediate = "IMMEDIATE"
        case exclusive = "EXCLUSIVE"
    }

    /// The file this connection was opened on.
    public let path: String
    let handle: OpaquePointer

    /// Opens (or creates) the database at `path`. `":memory:"` opens a private in-memory database.
    public init(path: String, options: OpenOptions = .readWriteCreate) throws {
        var pointer: OpaquePointer?
        let flags = options.rawValue | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE
        let code = sqlite3_open_v2(path, &pointer, flags, nil)
        guard code == SQLITE_OK, let pointer else {
            let message = pointer.map { String(cString: sqlite3_errmsg($0)) } ?? String(cString: sqlite3_errstr(code))
            if let pointer { sqlite3_close_v2(pointer) }
            throw StorageError.openFailed(path: path, code: code, message: message)
        }
        self.path = path
        self.handle = pointer
        sqlite3_extended_result_codes(pointer, 1)
    }

    deinit {
        sqlite3_close_v2(handle)
    }

    /// Sets journal mode, synchronous level and busy timeout, checking that SQLite took them.
    public func configure(journal: JournalMode = .wal, synchronous: Synchronous = .full,
                          busyTimeoutMilliseconds: Int32 = 5_000) throws {
        sqlite3_busy_timeout(handle, busyTimeoutMilliseconds)
        let mode = try scalarText("PRAGMA journal_mode=\(journal.rawValue)") ?? ""
        if path != ":memory:" && mode.lowercased() != journal.rawValue {
            throw StorageError.pragmaRefused(pragma: "journal_mode", requested: journal.rawValue, actual: mode)
        }
        try execute("PRAGMA synchronous=\(synchronous.rawValue)")
        let actual = try scalarInt("PRAGMA synchronous") ?? -1
        if actual != synchronous.rawValue {
            throw StorageError.pragmaRefused(pragma: "synchronous", requested: "\(synchronous.rawValue)", actual: "\(actual)")
        }
        try execute("PRAGMA foreign_keys=ON")
    }

    /// Runs one or more SQL statements that return no rows the caller needs.
    public func execute(_ sql: String) throws {
        var errorMessage: UnsafeMutablePointer<CChar>?
        let code = sqlite3_exec(handle, sql, nil, nil, &errorMessage)
        let message = errorMessage.map { String(cString: $0) } ?? lastErrorMessage
        sqlite3_free(errorMessage)
        if code != SQLITE_OK {
            throw StorageError.classify(code: code, sql: sql, message: message)
        }
    }

    /// Compiles one statement.
    public func prepare(_ sql: String) throws -> Statement {
        var pointer: OpaquePointer?
        let code = sqlite3_prepare_v3(handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &pointer, nil)
        guard code == SQLITE_OK, let pointer else {
            throw StorageError.prepareFailed(sql: sql, code: code, message: lastErrorMessage)
        }
        return Statement(database: self, handle: pointer, sql: sql)
    }

    /// Runs `body` inside `BEGIN kind ... COMMIT`; rolls back and rethrows when `body` throws.
    @discardableResult
    public func transaction<T>(_ kind: TransactionKind = .immediate, _ body: () throws -> T) throws -> T {
        try execute("BEGIN \(kind.rawValue)")
        do {
            let value = try body()
            try execute("COMMIT")
            return value
        } catch {
            if sqlite3_get_autocommit(handle) == 0 {
                try? execute("ROLLBACK")
            }
            throw error
        }
    }

    /// The first column of the first row as an integer (nil when there is no row or it is NULL).
    public func scalarInt(_ sql: String) throws -> Int? {
        let statement = try prepare(sql)
        guard try statement.step() else { return nil }
        return statement.isNull(0) ? nil : statement.int(0)
    }

    /// The first column of the first row as text (nil when there is no row or it is NULL).
    public func scalarText(_ sql: String) throws -> String? {
        let statement = try prepare(sql)
        guard try statement.step() else { return nil }
        return statement.isNull(0) ? nil : statement.string(0)
    }

    /// Rowid of the last successful INSERT on this connection.
    public var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }

    /// Rows changed by the last INSERT/UPDATE/DELETE on this connection.
    public var changes: Int { Int(sqlite3_changes64(handle)) }

    /// True while a transaction is open.
    public var isInTransaction: Bool { sqlite3_get_autocommit(handle) == 0 }

    /// `PRAGMA user_version`.
    public func userVersion() throws -> Int { try scalarInt("PRAGMA user_version") ?? 0 }

    /// SQLite's message for the most recent failure on this connection.
    var lastErrorMessage: String { String(cString: sqlite3_errmsg(handle)) }
}

extension StorageError {
    /// Maps an SQLite result code to the matching case: constraints and busy get their own cases.
    static func classify(code: Int32, sql: String, message: String) -> StorageError {
        let primary = code & 0xff
        if primary == SQLITE_CONSTRAINT {
            return .constraintViolation(sql: sql, kind: constraintKind(extendedCode: code), code: code, message: message)
        }
        if primary == SQLITE_BUSY || primary == SQLITE_LOCKED {
            return .busy(sql: sql, message: message)
        }
        return .stepFailed(sql: sql, code: code, message: message)
    }

    /// The constraint family from the extended result code (`SQLITE_CONSTRAINT | (n << 8)`;
    /// Swift does not import those macros, so the `n` values of sqlite3.h are spelled here).
    static func constraintKind(extendedCode code: Int32) -> String {
        switch code >> 8 {
        case 8: return "unique"        // SQLITE_CONSTRAINT_UNIQUE
        case 6: return "primaryKey"    // SQLITE_CONSTRAINT_PRIMARYKEY
        case 5: return "notNull"       // SQLITE_CONSTRAINT_NOTNULL
        case 1: return "check"         // SQLITE_CONSTRAINT_CHECK
        case 3: return "foreignKey"    // SQLITE_CONSTRAINT_FOREIGNKEY
        case 7: return "trigger"       // SQLITE_CONSTRAINT_TRIGGER
        default: return "constraint"
        }
    }
}
