/// Errors of the gateway layer: its inputs, files and the pipeline. HTTP status codes are
/// decided where these meet the HTTP boundary.
public enum GatewayError: Error, CustomStringConvertible, Equatable, Sendable {
    /// A file could not be read.
    case unreadableFile(path: String, reason: String)
    /// One line of an input file is malformed.
    case malformedLine(path: String, line: Int, reason: String)
    /// A request parameter is invalid.
    case invalidParameter(name: String, reason: String)

    public var description: String {
        switch self {
        case let .unreadableFile(path, reason): return "cannot read \(path): \(reason)"
        case let .malformedLine(path, line, reason): return "\(path):\(line): \(reason)"
        case let .invalidParameter(name, reason): return "invalid \(name): \(reason)"
        }
    }
}
