import Foundation
import Testing
@testable import Gateway

/// Every guarded route refuses a request without a key (401), with a key of the wrong role
/// (403) and lets the right role through (not 401/403); open routes need no key.
@Suite("Routes and roles")
struct AdminRoleTests {
    /// Method, path (parameters filled in), the role that may call it, and a body.
    static let guarded: [(HTTPMethod, String, Role, String?)] = [
        (.get, "/v1/models", .client, nil),
        (.post, "/v1/moderations", .client, #"{"input":"a cat"}"#),
        (.get, "/v1/admin/policies/current", .reviewer, nil),
        (.get, "/v1/admin/policies/current", .policyAdmin, nil),
        (.put, "/v1/admin/policies/current", .policyAdmin, "id: x"),
        (.post, "/v1/admin/policies/dry-run", .policyAdmin, #"{"prompt":"a cat"}"#),
        (.post, "/v1/admin/policies/validate", .policyAdmin, "id: x"),
        (.get, "/v1/admin/policies/versions", .reviewer, nil),
        (.get, "/v1/admin/policies/versions/1", .policyAdmin, nil),
        (.get, "/v1/admin/policies/diff?from=1", .reviewer, nil),
        (.post, "/v1/admin/policies/rollback", .policyAdmin, #"{"version":1}"#),
        (.post, "/v1/admin/policies/replay", .policyAdmin, #"{"yaml":"id: x","limit":10}"#),
        (.get, "/v1/admin/audit", .reviewer, nil),
        (.get, "/v1/admin/audit", .policyAdmin, nil),
        (.get, "/v1/admin/audit/verify", .reviewer, nil),
        (.get, "/v1/admin/audit/00000000-0000-0000-0000-000000000000", .reviewer, nil),
        (.get, "/v1/admin/audit/00000000-0000-0000-0000-000000000000/image/0", .policyAdmin, nil),
    ]

    func key(_ gateway: TestGateway, _ role: Role) -> String {
        switch role {
        case .client: return gateway.client
        case .reviewer: return gateway.reviewer
        case .policyAdmin: return gateway.policyAdmin
        }
    }

    @Test("no key -> 401, a key without the role -> 403, the right role -> through")
    func roles() async throws {
        let gateway = try await TestGateway.make()
        defer { gateway.close() }
        let routes = gateway.router.routes
        for (method, target, role, body) in Self.guarded {
            let path = String(target.split(separator: "?")[0])
            guard case let .route(route, _) = gateway.router.match(method, path) else {
                Issue.record("\(method) \(path) is not routed"); continue
            }
            let allowed = try #require(route.roles, "\(method) \(path) should be guarded")
            #expect(allowed.contains(role))
            let none = await gateway.send(method, target, body: body)
            #expect(none.status == 401, "\(method) \(target) without a key")
            #expect(none.errorObject?["code"] as? String == "missing_api_key")
            for other in Role.allCases where !allowed.contains(other) {
                let refused = await gateway.send(method, target, key: key(gateway, other), body: body)
                #expect(refused.status == 403, "\(method) \(target) with a \(other.rawValue) key")
                #expect(refused.errorObject?["code"] as? String == "insufficient_role")
            }
            let through = await gateway.send(method, target, key: key(gateway, role), body: body)
            #expect(through.status != 401 && through.status != 403, "\(method) \(target) with a \(role.rawValue) key: \(through.status) \(through.text)")
            #expect(through.status < 500 || through.status == 503, "\(method) \(target): \(through.status) \(through.text)")
        }
        // Every guarded route of the router is in the table above.
        for route in routes where route.roles != nil {
            #expect(Self.guarded.contains { $0.0 == route.method && Router.bind(route.pattern, to: Router.segments(String($0.1.split(separator: "?")[0]))) != nil },
                    "\(route.method) \(route.path) has no role test")
        }
    }

    @Test("open routes answer without a key", arguments: ["/healthz", "/metrics", "/openapi.json"])
    func open(path: String) async throws {
        let gateway = try await TestGateway.make()
        defer { gateway.close() }
        let response = await gateway.send(.get, path)
        // /healthz is 503 "degraded" here: this gateway did not load the screening models.
        #expect(response.status == (path == "/healthz" ? 503 : 200), "\(path): \(response.text)")
    }

    @Test("/healthz names each model that did not load and is degraded (503) until it does")
    func healthNamesModels() async throws {
        let gateway = try await TestGateway.make()
        defer { gateway.close() }
        let response = await gateway.send(.get, "/healthz")
        #expect(response.object?["status"] as? String == "degraded")
        let models = try #require(response.object?["models"] as? [String: [String: Any]])
        #expect(models["policy"]?["loaded"] as? Bool == true)
        #expect(models["prompt_screening"]?["loaded"] as? Bool == false)
        #expect(models["prompt_screening"]?["detail"] as? String == "not loaded in this test")
    }

    @Test("a revoked key is refused with 401 from its next request on")
    func revoked() async throws {
        let gateway = try await TestGateway.make()
        defer { gateway.close() }
        #expect(await gateway.send(.get, "/v1/models", key: gateway.client).status == 200)
        let id = try #require(try await gateway.services.access.keys.authenticate(secret: gateway.client)).id
        try await gateway.services.access.keys.revoke(id: id)
        let refused = await gateway.send(.get, "/v1/models", key: gateway.client)
        #expect(refused.status == 401)
        #expect(refused.errorObject?["code"] as? String == "invalid_api_key")
    }

    @Test("past its burst a key gets 429 with Retry-After; another key is unaffected")
    func rateLimited() async throws {
        let gateway = try await TestGateway.make(rateLimit: .init(requestsPerSecond: 0.01, burst: 2))
        defer { gateway.close() }
        #expect(await gateway.send(.get, "/v1/models", key: gateway.client).status == 200)
        #expect(await gateway.send(.get, "/v1/models", key: gateway.client).status == 200)
        let limited = await gateway.send(.get, "/v1/models", key: gateway.client)
        #expect(limited.status == 429)
        #expect(limited.errorObject?["code"] as? String == "rate_limit_exceeded")
        #expect(Int(limited.headers["Retry-After"] ?? "") ?? 0 >= 1)
        #expect(await gateway.send(.get, "/v1/models", key: gateway.reviewer).status == 200)
    }

    @Test("GET /v1/models lists the models in OpenAI's list shape")
    func models() async throws {
        let gateway = try await TestGateway.make()
        defer { gateway.close() }
        let response = await gateway.send(.get, "/v1/models", key: gateway.client)
        let object = try #require(response.object)
        #expect(object["object"] as? String == "list")
        let data = try #require(object["data"] as? [[String: Any]])
        #expect(data.count == ModelList.models.count)
        #expect(data.allSatisfy { $0["object"] as? String == "model" && $0["owned_by"] as? String == "warden" })
    }
}
