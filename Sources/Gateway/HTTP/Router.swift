/// Maps method and path to an async handler. Built once before the server starts, then
/// immutable (and so shared by all connection threads without locks).
///
/// Patterns are literal segments and `{name}` parameters: `/v1/policies/{id}`. Empty
/// segments are ignored, so `/healthz/` matches `/healthz`. An unknown path gets 404 and a
/// known path with another method 405 (with `Allow`), both in OpenAI's error shape. HEAD is
/// answered by the GET route when no HEAD route exists (libmicrohttpd sends no body for HEAD).
public struct Router: Sendable {
    /// A route handler.
    public typealias Handler = @Sendable (HTTPRequest) async -> HTTPResponse

    /// What a method and path resolve to.
    public enum Match: Sendable {
        case route(Handler, pathParameters: [String: String])
        case methodNotAllowed(allowed: [HTTPMethod])
        case notFound
    }

    struct Route: Sendable {
        let method: HTTPMethod
        let pattern: [Segment]
        let handler: Handler
    }

    enum Segment: Sendable, Equatable {
        case literal(String)
        case parameter(String)
    }

    private var routes: [Route] = []

    public init() {}

    /// Registers `handler` for `method` on `path` (later registrations of the same pair win).
    public mutating func add(_ method: HTTPMethod, _ path: String, _ handler: @escaping Handler) {
        let pattern = Self.segments(path).map { segment -> Segment in
            if segment.hasPrefix("{"), segment.hasSuffix("}"), segment.count > 2 {
                return .parameter(String(segment.dropFirst().dropLast()))
            }
            return .literal(segment)
        }
        routes.removeAll { $0.method == method && $0.pattern == pattern }
        routes.append(Route(method: method, pattern: pattern, handler: handler))
    }

    /// Resolves a method and path.
    public func match(_ method: HTTPMethod, _ path: String) -> Match {
        let parts = Self.segments(path)
        var allowed: [HTTPMethod] = []
        var getFallback: (Handler, [String: String])?
        for route in routes {
            guard let parameters = Self.bind(route.pattern, to: parts) else { continue }
            if route.method == method { return .route(route.handler, pathParameters: parameters) }
            if method == .head, route.method == .get { getFallback = (route.handler, parameters) }
            if !allowed.contains(route.method) { allowed.append(route.method) }
        }
        if let getFallback { return .route(getFallback.0, pathParameters: getFallback.1) }
        return allowed.isEmpty ? .notFound : .methodNotAllowed(allowed: allowed)
    }

    /// Runs the matching handler, or answers 404 / 405 itself.
    public func respond(to request: HTTPRequest) async -> HTTPResponse {
        switch match(request.method, request.path) {
        case let .route(handler, pathParameters):
            var request = request
            request.pathParameters = pathParameters
            return await handler(request)
        case let .methodNotAllowed(allowed):
            let names = allowed.map(\.rawValue).joined(separator: ", ")
            var response = HTTPResponse.error(
                405, message: "Method \(request.method) is not allowed on \(request.path); allowed: \(names).",
                code: "method_not_allowed")
            response.headers["Allow"] = names
            return response
        case .notFound:
            return .error(404, message: "No route for \(request.method) \(request.path).", code: "not_found")
        }
    }

    static func segments(_ path: String) -> [String] {
        path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
    }

    static func bind(_ pattern: [Segment], to parts: [String]) -> [String: String]? {
        guard pattern.count == parts.count else { return nil }
        var parameters: [String: String] = [:]
        for (segment, part) in zip(pattern, parts) {
            switch segment {
            case let .literal(literal): if literal != part { return nil }
            case let .parameter(name): parameters[name] = part
            }
        }
        return parameters
    }
}
