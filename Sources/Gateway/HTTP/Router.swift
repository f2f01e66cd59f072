import Dispatch

/// Maps method and path to an async handler. Built once before the server starts, then
/// immutable (and so shared by all connection threads without locks).
///
/// Patterns are literal segments and `{name}` parameters: `/v1/policies/{id}`. Empty
/// segments are ignored, so `/healthz/` matches `/healthz`. An unknown path gets 404 and a
/// known path with another method 405 (with `Allow`), both in OpenAI's error shape. HEAD is
/// answered by the GET route when no HEAD route exists (libmicrohttpd sends no body for HEAD).
///
/// A route added with `roles:` is guarded: the router's ``AccessControl`` checks the API key,
/// the role and the key's rate limit first (401/403/429), and the handler receives the
/// authenticated ``RequestContext``. Without an access control a guarded route answers 503
/// (fail closed). With ``GatewayMetrics``, every answer is counted by route pattern, decision
/// (the handler's `X-Warden-Decision` header, "none" without one) and status.
public struct Router: Sendable {
    /// A route handler.
    public typealias Handler = @Sendable (HTTPRequest) async -> HTTPResponse
    /// A guarded route's handler: the request and who is asking.
    public typealias AuthenticatedHandler = @Sendable (HTTPRequest, RequestContext) async -> HTTPResponse

    /// The response header a handler sets to report its policy decision to the metrics.
    public static let decisionHeader = "X-Warden-Decision"

    /// One registered route.
    public struct Route: Sendable {
        /// The method.
        public let method: HTTPMethod
        /// The pattern as registered, e.g. `/v1/admin/audit/{decision_id}`.
        public let path: String
        /// Roles that may call it (any of them); nil for an open route.
        public let roles: Set<Role>?
        let pattern: [Segment]
        let endpoint: Endpoint
    }

    enum Endpoint: Sendable {
        case open(Handler)
        case guarded(AuthenticatedHandler)
    }

    /// What a method and path resolve to.
    public enum Match: Sendable {
        case route(Route, pathParameters: [String: String])
        case methodNotAllowed(allowed: [HTTPMethod])
        case notFound
    }

    enum Segment: Sendable, Equatable {
        case literal(String)
        case parameter(String)
    }

    private var table: [Route] = []
    /// Checks keys, roles and rate limits of guarded routes.
    public let access: AccessControl?
    /// Where answers are counted (nil: not counted).
    public let metrics: GatewayMetrics?

    public init(access: AccessControl? = nil, metrics: GatewayMetrics? = nil) {
        self.access = access
        self.metrics = metrics
    }

    /// Every registered route, in registration order.
    public var routes: [Route] { table }

    /// Registers an open `handler` for `method` on `path` (later registrations of the same pair win).
    public mutating func add(_ method: HTTPMethod, _ path: String, _ handler: @escaping Handler) {
        insert(method, path, roles: nil, .open(handler))
    }

    /// Registers a guarded `handler`: only keys holding one of `roles` reach it.
    public mutating func add(_ method: HTTPMethod, _ path: String, roles: Set<Role>,
                             _ handler: @escaping AuthenticatedHandler) {
        insert(method, path, roles: roles, .guarded(handler))
    }

    private mutating func insert(_ method: HTTPMethod, _ path: String, roles: Set<Role>?, _ endpoint: Endpoint) {
        let pattern = Self.segments(path).map { segment -> Segment in
            if segment.hasPrefix("{"), segment.hasSuffix("}"), segment.count > 2 {
                return .parameter(String(segment.dropFirst().dropLast()))
            }
            return .literal(segment)
        }
        table.removeAll { $0.method == method && $0.pattern == pattern }
        table.append(Route(method: method, path: "/" + Self.segments(path).joined(separator: "/"), roles: roles,
                           pattern: pattern, endpoint: endpoint))
    }

    /// Resolves a method and path.
    public func match(_ method: HTTPMethod, _ path: String) -> Match {
        let parts = Self.segments(path)
        var allowed: [HTTPMethod] = []
        var getFallback: (Route, [String: String])?
        for route in table {
            guard let parameters = Self.bind(route.pattern, to: parts) else { continue }
            if route.method == method { return .route(route, pathParameters: parameters) }
            if method == .head, route.method == .get { getFallback = (route, parameters) }
            if !allowed.contains(route.method) { allowed.append(route.method) }
        }
        if let getFallback { return .route(getFallback.0, pathParameters: getFallback.1) }
        return allowed.isEmpty ? .notFound : .methodNotAllowed(allowed: allowed)
    }

    /// Runs the matching handler (after the access check of a guarded route), or answers
    /// 404 / 405 itself; counts the answer when the router has metrics.
    public func respond(to request: HTTPRequest) async -> HTTPResponse {
        let started = DispatchTime.now().uptimeNanoseconds
        var label = "unmatched"
        let response: HTTPResponse
        switch match(request.method, request.path) {
        case let .route(route, pathParameters):
            label = "\(route.method) \(route.path)"
            var request = request
            request.pathParameters = pathParameters
            response = await run(route, request)
        case let .methodNotAllowed(allowed):
            let names = allowed.map(\.rawValue).joined(separator: ", ")
            var refusal = HTTPResponse.error(
                405, message: "Method \(request.method) is not allowed on \(request.path); allowed: \(names).",
                code: "method_not_allowed")
            refusal.headers["Allow"] = names
            response = refusal
        case .notFound:
            response = .error(404, message: "No route for \(request.method) \(request.path).", code: "not_found")
        }
        if let metrics {
            metrics.recordRequest(route: label, decision: response.headers[Self.decisionHeader] ?? "none",
                                  status: response.status)
            metrics.observe(route: label, milliseconds: Double(DispatchTime.now().uptimeNanoseconds - started) / 1e6)
        }
        return response
    }

    private func run(_ route: Route, _ request: HTTPRequest) async -> HTTPResponse {
        switch route.endpoint {
        case let .open(handler):
            return await handler(request)
        case let .guarded(handler):
            guard let access else {
                return .error(503, message: "API keys are not configured on this server, so guarded routes are closed.",
                              type: "server_error", code: "auth_unavailable")
            }
            switch await access.authorize(request, roles: route.roles ?? [], route: route.path) {
            case let .success(context): return await handler(request, context)
            case let .failure(refusal): return refusal
            }
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
