import CSQLite3
import Foundation

/// A compiled SQL statement. Bind parameters (1-based index or `:name`), `step()` through the
/// rows, read typed columns (0-based), `reset()` to run it again with new bindings.
///
///     let insert = try db.prepare("INSERT INTO notes(id, body) VALUES (?, :body)")
///     try insert.bind(1, 42); try insert.bind(":body", "hello")
///     try insert.run()
///
/// Not `Sendable`: a statement lives on the connection's serial context.
public final class Statement {
    /// The SQL text this statement was compiled from (used in error messages).
    public let sql: String
    let handle: OpaquePointer
    /// Keeps the connection open for as long as the statement lives.
    let database: Database

    init(database: Database, handle: OpaquePointer, sql: String) {
        self.database = database
        self.handle = handle
        self.sql = sql
    }

    deinit {
        sqlite3_finalize(handle)
    }

    // MARK: Binding

    /// Binds an integer to the 1-based parameter `index`.
    public func bind(_ index: Int32, _ value: Int) throws {
        try check(sqlite3_bind_int64(handle, index, Int64(value)), parameter: "\(index)")
    }

    /// Binds a 64-bit integer to the 1-based parameter `index`.
    public func bind(_ index: Int32, _ value: Int64) throws {
        try check(sqlite3_bind_int64(handle, index, value), parameter: "\(index)")
    }

    /// Binds a double to the 1-based parameter `index`.
    public func bind(_ index: Int32, _ value: Double) throws {
        try check(sqlite3_bind_double(handle, index, value), parameter: "\(index)")
    }

    /// Binds UTF-8 text to the 1-based parameter `index` (SQLite copies it).
    public func bind(_ index: Int32, _ value: String) throws {
        try check(sqlite3_bind_text(handle, index, value, -1, warden_sqlite_transient()), parameter: "\(index)")
    }

    /// Binds a blob to the 1-based parameter `index` (SQLite copies it).
    public func bind(_ index: Int32, _ value: Data) throws {
        let code = value.withUnsafeBytes { raw in
            // An empty Data may have a nil base address; bind a zero-length blob then.
            sqlite3_bind_blob64(handle, index, raw.baseAddress ?? UnsafeRawPointer(bitPattern: 1),
                                sqlite3_uint64(raw.count), warden_sqlite_transient())
        }
        try check(code, parameter: "\(index)")
    }

    /// Binds NULL to the 1-based parameter `index`.
    public func bindNull(_ index: Int32) throws {
        try check(sqlite3_bind_null(handle, index), parameter: "\(index)")
    }

    /// Binds an optional integer (NULL when nil).
    public func bind(_ index: Int32, _ value: Int?) throws {
        if let value { try bind(index, value) } else { try bindNull(index) }
    }

    /// Binds an optional double (NULL when nil).
    public func bind(_ index: Int32, _ value: Double?) throws {
        if let value { try bind(index, value) } else { try bindNull(index) }
    }

    /// Binds optional text (NULL when nil).
    public func bind(_ index: Int32, _ value: String?) throws {
        if let value { try bind(index, value) } else { try bindNull(index) }
    }

    /// Binds an optional blob (NULL when nil).
    public func bind(_ index: Int32, _ value: Data?) throws {
        if let value { try bind(index, value) } else { try bindNull(index) }
    }

    /// The 1-based index of the named parameter (`:name`, `@name` or `$name`, prefix included).
    public func parameterIndex(_ name: String) throws -> Int32 {
        let index = sqlite3_bind_parameter_index(handle, name)
        guard index > 0 else { throw StorageError.unknownParameter(sql: sql, name: name) }
        return index
    }

    /// Binds an integer to a named parameter.
    public func bind(_ name: String, _ value: Int?) throws { try bind(parameterIndex(name), value) }
    /// Binds a double to a named parameter.
    public func bind(_ name: String, _ value: Double?) throws { try bind(parameterIndex(name), value) }
    /// Binds text to a named parameter.
    public func bind(_ name: String, _ value: String?) throws { try bind(parameterIndex(name), value) }
    /// Binds a blob to a named parameter.
    public func bind(_ name: String, _ value: Data?) throws { try bind(parameterIndex(name), value) }
    /// Binds NULL to a named parameter.
    public func bindNull(_ name: String) throws { try bindNull(parameterIndex(name)) }

    // MARK: Stepping

    /// Advances to the next row: true when a row is available, false when the statement is done.
    @discardableResult
    public func step() throws -> Bool {
        let code = sqlite3_step(handle)
        switch code {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default:
            let message = database.lastErrorMessage
            throw StorageError.classify(code: code, sql: sql, message: message)
        }
    }

    /// Steps until done (for INSERT/UPDATE/DELETE), then resets so the statement can run again.
    public func run() throws {
        defer { sqlite3_reset(handle) }
        while try step() {}
    }

    /// Resets to the beginning and clears every binding.
    public func reset() {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    // MARK: Columns

    /// Number of columns in the result.
    public var columnCount: Int32 { sqlite3_column_count(handle) }

    /// The name of column `index`.
    public func columnName(_ index: Int32) -> String {
        sqlite3_column_name(handle, index).map { String(cString: $0) } ?? "#\(index)"
    }

    /// True when column `index` of the current row is NULL.
    public func isNull(_ index: Int32) -> Bool { sqlite3_column_type(handle, index) == SQLITE_NULL }

    /// Column `index` as an integer (SQLite converts; NULL reads as 0 — check `isNull` or use `optionalInt`).
    public func int(_ index: Int32) -> Int { Int(sqlite3_column_int64(handle, index)) }

    /// Column `index` as a 64-bit integer.
    public func int64(_ index: Int32) -> Int64 { sqlite3_column_int64(handle, index) }

    /// Column `index` as a double.
    public func double(_ index: Int32) -> Double { sqlite3_column_double(handle, index) }

    /// Column `index` as text ("" for NULL).
    public func string(_ index: Int32) -> String {
        guard let text = sqlite3_column_text(handle, index) else { return "" }
        return String(cString: text)
    }

    /// Column `index` as a blob (empty for NULL).
    public func data(_ index: Int32) -> Data {
        let count = Int(sqlite3_column_bytes(handle, index))
        guard count > 0, let bytes = sqlite3_column_blob(handle, index) else { return Data() }
        return Data(bytes: bytes, count: count)
    }

    /// Column `index` as an optional integer.
    public func optionalInt(_ index: Int32) -> Int? { isNull(index) ? nil : int(index) }
    /// Column `index` as an optional double.
    public func optionalDouble(_ index: Int32) -> Double? { isNull(index) ? nil : double(index) }
    /// Column `index` as optional text.
    public func optionalString(_ index: Int32) -> String? { isNull(index) ? nil : string(index) }
    /// Column `index` as an optional blob.
    public func optionalData(_ index: Int32) -> Data? { isNull(index) ? nil : data(index) }

    /// Column `index` as text, throwing a typed error when it is out of range or not TEXT.
    public func requireString(_ index: Int32) throws -> String {
        try requireType(index, SQLITE_TEXT, "TEXT")
        return string(index)
    }

    /// Column `index` as an integer, throwing a typed error when it is out of range or not INTEGER.
    public func requireInt(_ index: Int32) throws -> Int {
        try requireType(index, SQLITE_INTEGER, "INTEGER")
        return int(index)
    }

    private func requireType(_ index: Int32, _ type: Int32, _ typeName: String) throws {
        guard index >= 0, index < columnCount else {
            throw StorageError.columnOutOfRange(sql: sql, index: index, columnCount: columnCount)
        }
        let found = sqlite3_column_type(handle, index)
        guard found == type else {
            throw StorageError.columnTypeMismatch(sql: sql, column: columnName(index), expected: typeName,
                                                  found: Self.typeName(found))
        }
    }

    static func typeName(_ type: Int32) -> String {
        switch type {
        case SQLITE_INTEGER: return "INTEGER"
        case SQLITE_FLOAT: return "REAL"
        case SQLITE_TEXT: return "TEXT"
        case SQLITE_BLOB: return "BLOB"
        default: return "NULL"
        }
    }

    private func check(_ code: Int32, parameter: String) throws {
        guard code == SQLITE_OK else {
            throw StorageError.bindFailed(sql: sql, parameter: parameter, code: code, message: database.lastErrorMessage)
        }
    }
}
