/// Errors of the Gateway module. Each case carries the context a person needs to act on it.
/// HTTP status codes are decided where a request meets the gateway, not here.
public enum GatewayError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The host to listen on could not be resolved to an address.
    case invalidHost(host: String, reason: String)
    /// A port outside 0...65535.
    case invalidPort(port: Int)
    /// libmicrohttpd refused to start (address in use, permission, bad option).
    case serverStartFailed(host: String, port: Int, reason: String)
    /// The data directory cannot be created or written.
    case dataDirectoryUnusable(path: String, reason: String)
    /// A request body is not the JSON the route expects.
    case invalidJSON(expected: String, reason: String)
    /// A file could not be read.
    case unreadableFile(path: String, reason: String)
    /// One line of an input file is malformed.
    case malformedLine(path: String, line: Int, reason: String)
    /// A request parameter is invalid.
    case invalidParameter(name: String, reason: String)
    /// The API key database cannot be opened, read or written.
    case keyStore(path: String, reason: String)
    /// No API key has this id.
    case keyNotFound(id: String)

    public var description: String {
        switch self {
        case let .invalidHost(host, reason):
            return "Gateway: cannot listen on host '\(host)': \(reason)"
        case let .invalidPort(port):
            return "Gateway: port \(port) is outside 0...65535"
        case let .serverStartFailed(host, port, reason):
            return "Gateway: HTTP server could not start on \(host):\(port): \(reason)"
        case let .dataDirectoryUnusable(path, reason):
            return "Gateway: data directory \(path) is unusable: \(reason)"
        case let .invalidJSON(expected, reason):
            return "Gateway: request body is not a valid \(expected): \(reason)"
        case let .unreadableFile(path, reason):
            return "Gateway: cannot read \(path): \(reason)"
        case let .malformedLine(path, line, reason):
            return "Gateway: \(path):\(line): \(reason)"
        case let .invalidParameter(name, reason):
            return "Gateway: invalid \(name): \(reason)"
        case let .keyStore(path, reason):
            return "Gateway: API key store \(path): \(reason)"
        case let .keyNotFound(id):
            return "Gateway: no API key with id '\(id)'"
        }
    }
}
