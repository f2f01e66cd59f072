import Foundation
import Logging

/// Authentication, role check and rate limit for the routes that declare roles.
///
/// A request carries `Authorization: Bearer wk_...`. Missing or malformed -> 401
/// `missing_api_key`; unknown or revoked -> 401 `invalid_api_key`; none of the route's roles ->
/// 403 `insufficient_role`; bucket empty -> 429 `rate_limit_exceeded` with `Retry-After`. All in
/// OpenAI's error shape. The handler gets a `RequestContext` with the key id, tenant and the
/// role that let it in.
public struct AccessControl: Sendable {
    public let keys: APIKeyStore
    public let limiter: RateLimiter
    let logger: Logger

    public init(keys: APIKeyStore, limiter: RateLimiter = RateLimiter(), logger: Logger = Logger(label: "warden.auth")) {
        self.keys = keys
        self.limiter = limiter
        self.logger = logger
    }

    /// The context for a request to `route` that any of `roles` may call, or the refusal.
    public func authorize(_ request: HTTPRequest, roles: Set<Role>, route: String) async -> Result<RequestContext, HTTPResponse> {
        guard let secret = Self.bearerToken(request.headers["authorization"]) else {
            var response = HTTPResponse.error(
                401, message: "This route needs an API key: send it as 'Authorization: Bearer wk_...'.",
                code: "missing_api_key")
            response.headers["WWW-Authenticate"] = "Bearer"
            return .failure(response)
        }
        let record: APIKeyRecord?
        do {
            record = try await keys.authenticate(secret: secret)
        } catch {
            logger.error("key lookup failed: \(error)")
            return .failure(.error(503, message: "API keys cannot be checked right now; try again shortly.",
                                   type: "server_error", code: "auth_unavailable"))
        }
        guard let record else {
            var response = HTTPResponse.error(
                401, message: "The API key is not valid (unknown, revoked or malformed).", code: "invalid_api_key")
            response.headers["WWW-Authenticate"] = "Bearer error=\"invalid_token\""
            return .failure(response)
        }
        guard let role = record.roles.sorted().first(where: roles.contains) else {
            let needed = roles.sorted().map(\.rawValue).joined(separator: " or ")
            let held = record.roles.map(\.rawValue).joined(separator: ", ")
            return .failure(.error(403, message: "This route needs the role \(needed); the key \(record.id) holds: \(held).",
                                   type: "invalid_request_error", code: "insufficient_role"))
        }
        switch limiter.take(key: record.id, roles: record.roles) {
        case .allowed:
            break
        case let .limited(retryAfter):
            let rate = limiter.configuration.rate(for: record.roles)
            var response = HTTPResponse.error(
                429, message: "Rate limit reached for key \(record.id): at most \(Self.format(rate.requestsPerSecond)) requests per second (bursts of \(Int(rate.burst))). Retry after \(retryAfter) s.",
                type: "requests", code: "rate_limit_exceeded")
            response.headers["Retry-After"] = String(retryAfter)
            return .failure(response)
        }
        return .success(RequestContext(route: route, keyID: record.id, tenant: record.tenant, role: role.rawValue))
    }

    /// The token of an `Authorization: Bearer TOKEN` header (scheme case-insensitive), or nil.
    static func bearerToken(_ header: String?) -> String? {
        guard let header else { return nil }
        let parts = header.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        let token = parts[1].trimmingCharacters(in: .whitespaces)
        return token.isEmpty ? nil : token
    }

    static func format(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }
}
