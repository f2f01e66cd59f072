/// Errors of the Policy module. Each case carries the context a person needs to act on it.
public enum PolicyError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The module's input was rejected; `reason` says what and where.
    case invalidInput(reason: String)

    public var description: String {
        switch self {
        case let .invalidInput(reason): return "Policy: invalid input: \(reason)"
        }
    }
}
