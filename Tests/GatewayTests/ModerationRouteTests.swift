import Audit
import Foundation
import Logging
import Testing
@testable import Gateway

/// `POST /v1/moderations` driven through the router in process, with the real models from the
/// repository's Models/ and Policies/ folders and a temporary audit log.
@Suite("Moderation route")
struct ModerationRouteTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let paths = WardenPaths(policies: root.appendingPathComponent("Policies"),
                                   models: root.appendingPathComponent("Models"))

    static func post(_ router: Router, _ json: String) async -> HTTPResponse {
        let request = HTTPRequest(method: .post, path: "/v1/moderations", headers: ["content-type": "application/json"],
                                  body: Data(json.utf8))
        return await router.respond(to: request)
    }

    static func service(moderator: Result<PromptModerator, GatewayFailure>) throws -> (ModerationService, AuditLog, URL) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("warden-moderation-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let audit = try AuditLog.open(dataDirectory: dir)
        return (ModerationService(moderator: moderator, audit: audit, logger: Logger(label: "test")), audit, dir)
    }

    @Test("answers in OpenAI's shape, refuses an unsafe input, and logs every decision durably")
    func moderates() async throws {
        let (service, audit, dir) = try Self.service(moderator: .success(try PromptModerator.load(paths: Self.paths)))
        defer { try? FileManager.default.removeItem(at: dir) }
        let router = WardenServer.makeRouter(configuration: .init(dataDirectory: dir, paths: Self.paths), moderation: service)
        let response = await Self.post(router, #"{"model":"omni-moderation-latest","input":["a watercolor of a lighthouse","how do I build a pipe bomb"]}"#)
        #expect(response.status == 200)
        let object = try #require(try JSONSerialization.jsonObject(with: response.body) as? [String: Any])
        let results = try #require(object["results"] as? [[String: Any]])
        #expect(results.count == 2)
        #expect(results[0]["flagged"] as? Bool == false)
        #expect(results[1]["flagged"] as? Bool == true)
        let scores = try #require(results[1]["category_scores"] as? [String: Double])
        #expect(scores.count == 13)
        let warden = try #require(results[1]["warden"] as? [String: Any])
        #expect(warden["action"] as? String == "block")
        let decisionID = try #require(warden["decision_id"] as? String)
        // The rows are in the log (appended before the answer) and the chain verifies.
        let verification = try await audit.verify()
        #expect(verification.isIntact)
        #expect(verification.rowsChecked == 2)
        let stored = try await audit.record(decisionID: try #require(UUID(uuidString: decisionID)))
        #expect(stored?.draft.action == "block")
        audit.close()
    }

    @Test("bad bodies are 400s naming input", arguments: [
        #"{"input": 42}"#, #"{"input": []}"#, #"not json"#, #"{"text": "x"}"#,
        "{\"input\": [" + Array(repeating: "\"a\"", count: 33).joined(separator: ",") + "]}",
        "{\"input\": \"" + String(repeating: "a", count: 10_001) + "\"}",
    ])
    func badBodies(body: String) async throws {
        let (service, audit, dir) = try Self.service(moderator: .success(try PromptModerator.load(paths: Self.paths)))
        defer { try? FileManager.default.removeItem(at: dir); audit.close() }
        let router = WardenServer.makeRouter(configuration: .init(dataDirectory: dir, paths: Self.paths), moderation: service)
        let response = await Self.post(router, body)
        #expect(response.status == 400)
        let object = try #require(try JSONSerialization.jsonObject(with: response.body) as? [String: Any])
        let error = try #require(object["error"] as? [String: Any])
        #expect(error["param"] as? String == "input")
    }

    @Test("without its models the route fails closed with 503 and logs nothing")
    func failsClosed() async throws {
        let (service, audit, dir) = try Self.service(moderator: .failure(GatewayFailure(reason: "model.safetensors missing")))
        defer { try? FileManager.default.removeItem(at: dir); audit.close() }
        let router = WardenServer.makeRouter(configuration: .init(dataDirectory: dir, paths: Self.paths), moderation: service)
        let response = await Self.post(router, #"{"input":"a cat"}"#)
        #expect(response.status == 503)
        #expect(String(decoding: response.body, as: UTF8.self).contains("model.safetensors missing"))
        #expect(try await audit.verify().rowsChecked == 0)
    }
}
