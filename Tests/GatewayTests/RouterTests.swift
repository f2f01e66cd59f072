import Foundation
import Testing
@testable import Gateway

@Suite("Router (in process)")
struct RouterTests {
    static func router() -> Router {
        var router = Router()
        router.add(.get, "/healthz") { _ in .text(200, "ok") }
        router.add(.post, "/v1/moderations") { request in .text(200, "moderated \(request.body.count)") }
        router.add(.get, "/admin/policies/{id}/versions/{version}") { request in
            .json(200, request.pathParameters)
        }
        return router
    }

    static func json(_ response: HTTPResponse) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: response.body) as? [String: Any])
    }

    @Test("a registered route runs its handler")
    func matches() async throws {
        let response = await Self.router().respond(to: HTTPRequest(method: .post, path: "/v1/moderations", body: Data("abc".utf8)))
        #expect(response.status == 200)
        #expect(String(decoding: response.body, as: UTF8.self) == "moderated 3")
    }

    @Test("an unknown path is 404 in OpenAI's error shape, param and code present")
    func notFound() async throws {
        let response = await Self.router().respond(to: HTTPRequest(method: .get, path: "/v1/nothing"))
        #expect(response.status == 404)
        #expect(response.headers["Content-Type"] == "application/json")
        let error = try #require(try Self.json(response)["error"] as? [String: Any])
        #expect(error["code"] as? String == "not_found")
        #expect(error["type"] as? String == "invalid_request_error")
        #expect((error["message"] as? String)?.contains("/v1/nothing") == true)
        #expect(error.keys.contains("param") && error["param"] is NSNull)
    }

    @Test("a known path with another method is 405 with Allow")
    func methodNotAllowed() async throws {
        let response = await Self.router().respond(to: HTTPRequest(method: .delete, path: "/v1/moderations"))
        #expect(response.status == 405)
        #expect(response.headers["Allow"] == "POST")
        let error = try #require(try Self.json(response)["error"] as? [String: Any])
        #expect(error["code"] as? String == "method_not_allowed")
    }

    @Test("path parameters bind by name")
    func parameters() async throws {
        let response = await Self.router().respond(to: HTTPRequest(method: .get, path: "/admin/policies/default/versions/7"))
        #expect(response.status == 200)
        #expect(try Self.json(response) as? [String: String] == ["id": "default", "version": "7"])
    }

    @Test("HEAD falls back to the GET route; a trailing slash matches", arguments: ["/healthz", "/healthz/"])
    func headFallback(path: String) async {
        let response = await Self.router().respond(to: HTTPRequest(method: .head, path: path))
        #expect(response.status == 200)
    }

    @Test("a segment count mismatch is 404, not a partial match",
          arguments: ["/admin/policies/default", "/admin/policies/default/versions/7/extra", "/"])
    func segmentMismatch(path: String) async {
        #expect(await Self.router().respond(to: HTTPRequest(method: .get, path: path)).status == 404)
    }

    @Test("registering the same method and path again replaces the handler")
    func replaces() async {
        var router = Self.router()
        router.add(.get, "/healthz") { _ in .text(201, "new") }
        #expect(await router.respond(to: HTTPRequest(method: .get, path: "/healthz")).status == 201)
    }

    @Test("decodeJSON names the missing field")
    func decodeJSON() {
        struct Body: Decodable { var input: String }
        let request = HTTPRequest(method: .post, path: "/", body: Data(#"{"model":"x"}"#.utf8))
        #expect(throws: GatewayError.invalidJSON(expected: "Body", reason: "missing field 'input'")) {
            try request.decodeJSON(Body.self)
        }
        let garbage = HTTPRequest(method: .post, path: "/", body: Data("{".utf8))
        #expect(throws: GatewayError.invalidJSON(expected: "Body", reason: "not parseable JSON")) {
            try garbage.decodeJSON(Body.self)
        }
    }

    @Test("OpenAI error bodies encode absent param and code as null")
    func openAIErrorShape() throws {
        let response = HTTPResponse.error(400, message: "bad", param: "prompt")
        let text = String(decoding: response.body, as: UTF8.self)
        #expect(text == #"{"error":{"code":null,"message":"bad","param":"prompt","type":"invalid_request_error"}}"#)
    }
}
