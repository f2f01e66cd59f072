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
    /// A multipart/form-data body that does not parse.
    case malformedMultipart(reason: String)
    /// A multipart/form-data body over one of the parser's limits.
    case multipartLimit(reason: String)
    /// The generation queue holds as many requests as it may; retry after the given seconds.
    case generationQueueFull(capacity: Int, retryAfterSeconds: Int)
    /// The request was cancelled (its client went away) before it finished.
    case generationCancelled(stage: String)
    /// The held-request store (reviews, served images) failed.
    case requestStore(operation: String, reason: String)
    /// A part the request needs (image generation, image screening) is not loaded; fail closed.
    case serviceUnavailable(component: String, reason: String)
    /// A decision could not be made durable in the audit log, so no answer is given.
    case auditUnavailable(reason: String)
    /// Screening or generation failed on a valid request.
    case generationFailed(stage: String, reason: String)
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
        case let .malformedMultipart(reason):
            return "Gateway: malformed multipart/form-data body: \(reason)"
        case let .multipartLimit(reason):
            return "Gateway: multipart/form-data body over a limit: \(reason)"
        case let .generationQueueFull(capacity, retryAfterSeconds):
            return "Gateway: the generation queue is full (\(capacity) requests); retry after \(retryAfterSeconds) s"
        case let .generationCancelled(stage):
            return "Gateway: generation cancelled during \(stage) (the client disconnected)"
        case let .requestStore(operation, reason):
            return "Gateway: request store could not \(operation): \(reason)"
        case let .serviceUnavailable(component, reason):
            return "Gateway: \(component) is unavailable: \(reason)"
        case let .auditUnavailable(reason):
            return "Gateway: the audit log could not record the decision: \(reason)"
        case let .generationFailed(stage, reason):
            return "Gateway: \(stage) failed: \(reason)"
        case let .keyStore(path, reason):
            return "Gateway: API key store \(path): \(reason)"
        case let .keyNotFound(id):
            return "Gateway: no API key with id '\(id)'"
        }
    }
}
