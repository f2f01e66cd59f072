import Foundation

/// Errors of the Storage module. Each case carries the SQL or path it concerns and SQLite's own
/// result code and message, so a log line is enough to act on.
public enum StorageError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The database file could not be opened (`path`, SQLite's result code and message).
    case openFailed(path: String, code: Int32, message: String)
    /// A statement failed to compile: `sql` is the text that was given to `prepare`.
    case prepareFailed(sql: String, code: Int32, message: String)
    /// Stepping a statement failed for a reason other than a constraint.
    case stepFailed(sql: String, code: Int32, message: String)
    /// A constraint (UNIQUE, NOT NULL, CHECK, FOREIGN KEY, PRIMARY KEY) refused a write.
    /// `kind` names the constraint family (`unique`, `notNull`, ...), taken from the extended code.
    case constraintViolation(sql: String, kind: String, code: Int32, message: String)
    /// The database stayed locked by another connection past the busy timeout.
    case busy(sql: String, message: String)
    /// Binding a parameter failed: `parameter` is the 1-based index or the `:name`.
    case bindFailed(sql: String, parameter: String, code: Int32, message: String)
    /// A named parameter does not occur in the statement.
    case unknownParameter(sql: String, name: String)
    /// A column index outside `0 ..< columnCount` was read.
    case columnOutOfRange(sql: String, index: Int32, columnCount: Int32)
    /// A column held a value of another type than the one read (`expected`, `found`).
    case columnTypeMismatch(sql: String, column: String, expected: String, found: String)
    /// A migration failed; `version` is the `user_version` it would have produced.
    case migrationFailed(version: Int, name: String, underlying: String)
    /// The file's `user_version` is newer than every migration this build knows.
    case schemaTooNew(path: String, fileVersion: Int, knownVersion: Int)
    /// A PRAGMA did not take the value asked for (for example WAL on a read-only file).
    case pragmaRefused(pragma: String, requested: String, actual: String)

    public var description: String {
        switch self {
        case let .openFailed(path, code, message):
            return "Storage: cannot open database '\(path)': \(message) (SQLite code \(code))"
        case let .prepareFailed(sql, code, message):
            return "Storage: cannot prepare SQL [\(Self.abbreviate(sql))]: \(message) (SQLite code \(code))"
        case let .stepFailed(sql, code, message):
            return "Storage: SQL failed [\(Self.abbreviate(sql))]: \(message) (SQLite code \(code))"
        case let .constraintViolation(sql, kind, code, message):
            return "Storage: \(kind) constraint violated by [\(Self.abbreviate(sql))]: \(message) (SQLite code \(code))"
        case let .busy(sql, message):
            return "Storage: database busy past the timeout in [\(Self.abbreviate(sql))]: \(message)"
        case let .bindFailed(sql, parameter, code, message):
            return "Storage: cannot bind parameter \(parameter) of [\(Self.abbreviate(sql))]: \(message) (SQLite code \(code))"
        case let .unknownParameter(sql, name):
            return "Storage: no parameter named '\(name)' in [\(Self.abbreviate(sql))]"
        case let .columnOutOfRange(sql, index, count):
            return "Storage: column \(index) out of range (\(count) columns) in [\(Self.abbreviate(sql))]"
        case let .columnTypeMismatch(sql, column, expected, found):
            return "Storage: column '\(column)' holds \(found), expected \(expected), in [\(Self.abbreviate(sql))]"
        case let .migrationFailed(version, name, underlying):
            return "Storage: migration \(version) '\(name)' failed: \(underlying)"
        case let .schemaTooNew(path, fileVersion, knownVersion):
            return "Storage: '\(path)' has schema version \(fileVersion); this build knows up to \(knownVersion)"
        case let .pragmaRefused(pragma, requested, actual):
            return "Storage: PRAGMA \(pragma) asked for '\(requested)' but the database reports '\(actual)'"
        }
    }

    /// SQL shortened to one line of at most 160 characters for messages.
    static func abbreviate(_ sql: String) -> String {
        let oneLine = sql.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .joined(separator: " ")
        return oneLine.count <= 160 ? oneLine : String(oneLine.prefix(157)) + "..."
    }
}
