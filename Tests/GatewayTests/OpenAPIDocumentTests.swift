import Foundation
import Testing
@testable import Gateway

/// docs/openapi.json against the router: every registered route is documented with its method,
/// and a guarded route's documented roles are the roles the router enforces.
@Suite("OpenAPI document")
struct OpenAPIDocumentTests {
    static func document() throws -> [String: Any] {
        let data = try Data(contentsOf: TestGateway.paths.openAPIDocument)
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    @Test("it is OpenAPI 3.1 and every route of the router is in it, with the router's roles")
    func coversRouter() async throws {
        let document = try Self.document()
        #expect((document["openapi"] as? String)?.hasPrefix("3.1") == true)
        let paths = try #require(document["paths"] as? [String: [String: Any]])
        let gateway = try await TestGateway.make()
        defer { gateway.close() }
        #expect(gateway.router.routes.count >= 17)
        for route in gateway.router.routes {
            let operation = paths[route.path]?[route.method.rawValue.lowercased()] as? [String: Any]
            #expect(operation != nil, "\(route.method) \(route.path) is not in docs/openapi.json")
            guard let operation else { continue }
            let documented = Set((operation["x-warden-roles"] as? [String]) ?? [])
            let enforced = Set((route.roles ?? []).map(\.rawValue))
            #expect(documented == enforced, "\(route.method) \(route.path): documented roles \(documented.sorted()), enforced \(enforced.sorted())")
            #expect(operation["responses"] as? [String: Any] != nil)
        }
    }

    @Test("the image routes of issue 6 are documented with their shapes")
    func imageRoutes() throws {
        let paths = try #require(try Self.document()["paths"] as? [String: [String: Any]])
        for path in ["/v1/images/generations", "/v1/images/edits", "/v1/requests/{id}", "/v1/admin/reviews",
                     "/v1/admin/reviews/{id}/approve", "/v1/admin/reviews/{id}/deny"] {
            #expect(paths[path] != nil, "\(path) missing")
        }
        let edit = try #require(paths["/v1/images/edits"]?["post"] as? [String: Any])
        let content = (edit["requestBody"] as? [String: Any])?["content"] as? [String: Any]
        #expect(content?["multipart/form-data"] != nil)
    }

    @Test("GET /openapi.json serves the file byte for byte")
    func served() async throws {
        let gateway = try await TestGateway.make()
        defer { gateway.close() }
        let response = await gateway.send(.get, "/openapi.json")
        #expect(response.status == 200)
        #expect(response.body == (try Data(contentsOf: TestGateway.paths.openAPIDocument)))
    }
}
