import Foundation

/// Errors of the Audit module. Each case carries the context a person needs to act on it.
public enum AuditError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The module's input was rejected; `reason` says what and where.
    case invalidInput(reason: String)
    /// The SQLite layer failed while doing `operation`; `underlying` is the Storage error text.
    case storage(operation: String, underlying: String)
    /// A stored row could not be decoded (`sequence`, which `column`, why).
    case corruptRow(sequence: Int64, column: String, reason: String)
    /// The log has been closed; `append` after `close()`.
    case closed(path: String)
    /// No record with this decision id or sequence number.
    case recordNotFound(identifier: String)
    /// A stored image could not be written or read (`sha256`, `path`, why).
    case imageStore(sha256: String, path: String, reason: String)
    /// No policy version with this identifier.
    case policyVersionNotFound(policyID: String, identifier: String)
    /// The data directory could not be prepared.
    case dataDirectory(path: String, reason: String)

    public var description: String {
        switch self {
        case let .invalidInput(reason): return "Audit: invalid input: \(reason)"
        case let .storage(operation, underlying): return "Audit: \(operation) failed: \(underlying)"
        case let .corruptRow(sequence, column, reason):
            return "Audit: row \(sequence) column '\(column)' cannot be read: \(reason)"
        case let .closed(path): return "Audit: the log at '\(path)' is closed"
        case let .recordNotFound(identifier): return "Audit: no decision '\(identifier)' in the log"
        case let .imageStore(sha256, path, reason): return "Audit: image \(sha256) at '\(path)': \(reason)"
        case let .policyVersionNotFound(policyID, identifier):
            return "Audit: policy '\(policyID)' has no stored version '\(identifier)'"
        case let .dataDirectory(path, reason): return "Audit: data directory '\(path)': \(reason)"
        }
    }

    /// Wraps any error from the Storage layer with the operation it interrupted.
    static func wrap(_ operation: String, _ error: any Error) -> AuditError {
        if let audit = error as? AuditError { return audit }
        return .storage(operation: operation, underlying: String(describing: error))
    }
}
