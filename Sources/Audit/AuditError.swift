/// Errors of the Audit module. Each case carries the context a person needs to act on it.
public enum AuditError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The module's input was rejected; `reason` says what and where.
    case invalidInput(reason: String)

    public var description: String {
        switch self {
        case let .invalidInput(reason): return "Audit: invalid input: \(reason)"
        }
    }
}
