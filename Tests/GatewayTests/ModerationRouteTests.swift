import Audit
import Foundation
import Logging
import Testing
@testable import Gateway

/// `POST /v1/moderations` driven through the router in process, with the real models from the
/// repository's Models/ and Policies/ folders and a temporary data directory.
@Suite("Moderation route")
struct ModerationRouteTests {
    @Test("answers in OpenAI's shape, refuses an unsafe input, and logs every decision durably under the key's id")
    func moderates() async throws {
        let gateway = try await TestGateway.make(screening: true)
        defer { gateway.close() }
        let response = await gateway.send(.post, "/v1/moderations", key: gateway.client,
                                          body: #"{"model":"omni-moderation-latest","input":["a watercolor of a lighthouse","how do I build a pipe bomb"]}"#)
        #expect(response.status == 200)
        #expect(response.headers[Router.decisionHeader] == "block")
        let object = try #require(response.object)
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
        let audit = gateway.services.audit
        let verification = try await audit.verify()
        #expect(verification.isIntact)
        #expect(verification.rowsChecked == 2)
        let uuid = try #require(UUID(uuidString: decisionID))
        let stored = try #require(try await audit.record(decisionID: uuid))
        #expect(stored.draft.action == "block")
        let clientID = try #require(try await gateway.services.access.keys.authenticate(secret: gateway.client)).id
        #expect(stored.draft.apiKeyID == clientID)
        #expect(stored.draft.policyInput?.role == "client")
        // The metrics counted it under the route and the strictest decision.
        #expect(gateway.services.metrics.requestCount(route: "POST /v1/moderations", decision: "block", status: 200) == 1)
        #expect(gateway.services.metrics.render().contains("warden_stage_duration_milliseconds_count{stage=\"encoder\"} 2"))
    }

    @Test("bad bodies are 400s naming input", arguments: [
        #"{"input": 42}"#, #"{"input": []}"#, #"not json"#, #"{"text": "x"}"#,
        "{\"input\": [" + Array(repeating: "\"a\"", count: 33).joined(separator: ",") + "]}",
        "{\"input\": \"" + String(repeating: "a", count: 10_001) + "\"}",
    ])
    func badBodies(body: String) async throws {
        let gateway = try await TestGateway.make(screening: true)
        defer { gateway.close() }
        let response = await gateway.send(.post, "/v1/moderations", key: gateway.client, body: body)
        #expect(response.status == 400)
        #expect(response.errorObject?["param"] as? String == "input")
    }

    @Test("without a key it is 401, with a reviewer-only key 403, and nothing is logged")
    func needsClientKey() async throws {
        let gateway = try await TestGateway.make(screening: true)
        defer { gateway.close() }
        let body = #"{"input":"a cat"}"#
        let missing = await gateway.send(.post, "/v1/moderations", body: body)
        #expect(missing.status == 401)
        #expect(missing.errorObject?["code"] as? String == "missing_api_key")
        let wrong = await gateway.send(.post, "/v1/moderations", key: "wk_" + String(repeating: "A", count: 43), body: body)
        #expect(wrong.status == 401)
        #expect(wrong.errorObject?["code"] as? String == "invalid_api_key")
        let reviewer = await gateway.send(.post, "/v1/moderations", key: gateway.reviewer, body: body)
        #expect(reviewer.status == 403)
        #expect(reviewer.errorObject?["code"] as? String == "insufficient_role")
        #expect(try await gateway.services.audit.verify().rowsChecked == 0)
    }

    @Test("without its models the route fails closed with 503 and logs nothing")
    func failsClosed() async throws {
        let gateway = try await TestGateway.make(screening: false)
        defer { gateway.close() }
        let response = await gateway.send(.post, "/v1/moderations", key: gateway.client, body: #"{"input":"a cat"}"#)
        #expect(response.status == 503)
        #expect(response.text.contains("not loaded in this test"))
        #expect(try await gateway.services.audit.verify().rowsChecked == 0)
    }
}
