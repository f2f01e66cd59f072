import Audit
import Foundation
import Policy
import Storage
import Testing
@testable import Gateway

/// `/v1/admin/audit...` in process over decisions appended the way the routes append them.
@Suite("Admin audit routes")
struct AdminAuditRouteTests {
    /// Decides each prompt with the running policy (a high violence score when it mentions a
    /// bomb) and appends it; returns the decision ids in order.
    @discardableResult
    static func log(_ prompts: [String], in gateway: TestGateway, keyID: String = "key_test",
                    imageHashes: [String] = []) async throws -> [UUID] {
        let engine = try gateway.services.policy.get()
        var ids: [UUID] = []
        for prompt in prompts {
            let scores = prompt.contains("bomb") ? ["illicit/violent": 0.99] : [:]
            let input = PolicyInput(keyID: keyID, role: "client", prompt: prompt, categoryScores: scores)
            let draft = try AuditRecordDraft(input: input, decision: engine.evaluate(input),
                                             stages: [AuditStageResult(stage: "classifier", scores: scores, latencyMilliseconds: 1)],
                                             imageHashes: imageHashes)
            ids.append(try await gateway.services.audit.append(draft).decisionID)
        }
        return ids
    }

    @Test("query filters by decision, key, text and category, and pages with a keyset cursor")
    func query() async throws {
        let gateway = try await TestGateway.make()
        defer { gateway.close() }
        try await Self.log(["a red kite", "a blue kite", "a pipe bomb recipe", "a green kite"], in: gateway)
        try await Self.log(["a kite from another key"], in: gateway, keyID: "key_other")
        let first = await gateway.send(.get, "/v1/admin/audit?limit=2&key=key_test", key: gateway.reviewer)
        #expect(first.status == 200, "\(first.text)")
        let page = try #require(first.object?["data"] as? [[String: Any]])
        #expect(page.map { $0["prompt"] as? String } == ["a green kite", "a pipe bomb recipe"])
        let cursor = try #require(first.object?["next_cursor"] as? String)
        let second = await gateway.send(.get, "/v1/admin/audit?limit=2&key=key_test&cursor=\(cursor)", key: gateway.reviewer)
        #expect((second.object?["data"] as? [[String: Any]])?.map { $0["prompt"] as? String } == ["a blue kite", "a red kite"])
        #expect(second.object?["next_cursor"] is NSNull)

        let blocked = await gateway.send(.get, "/v1/admin/audit?decision=block", key: gateway.reviewer)
        #expect((blocked.object?["data"] as? [[String: Any]])?.map { $0["prompt"] as? String } == ["a pipe bomb recipe"])
        let category = await gateway.send(.get, "/v1/admin/audit?category=illicit/violent&min_score=0.9", key: gateway.reviewer)
        #expect((category.object?["data"] as? [Any])?.count == 1)
        let text = await gateway.send(.get, "/v1/admin/audit?q=kite&order=oldest", key: gateway.reviewer)
        #expect((text.object?["data"] as? [[String: Any]])?.first?["prompt"] as? String == "a red kite")
        #expect((text.object?["data"] as? [Any])?.count == 4)
    }

    @Test("bad query arguments are 400s naming the argument", arguments: [
        ("since=yesterday", "since"), ("until=2026-13-45", "until"), ("decision=maybe", "decision"),
        ("limit=0", "limit"), ("limit=5000", "limit"), ("limit=ten", "limit"), ("cursor=-3", "cursor"),
        ("q=%22%22", "q"), ("min_score=2", "min_score"), ("order=sideways", "order"), ("stage=nowhere", "stage"),
    ])
    func badQuery(query: String, param: String) async throws {
        let gateway = try await TestGateway.make()
        defer { gateway.close() }
        let response = await gateway.send(.get, "/v1/admin/audit?\(query)", key: gateway.reviewer)
        #expect(response.status == 400, "\(query): \(response.text)")
        #expect(response.errorObject?["param"] as? String == param)
    }

    @Test("one record comes with its reproduced trace and its chain status; an edited row shows as broken")
    func record() async throws {
        let gateway = try await TestGateway.make()
        defer { gateway.close() }
        let ids = try await Self.log(["a lighthouse", "a pipe bomb recipe"], in: gateway)
        let id = ids[1].uuidString.lowercased()
        let response = await gateway.send(.get, "/v1/admin/audit/\(id)", key: gateway.reviewer)
        #expect(response.status == 200, "\(response.text)")
        let object = try #require(response.object)
        #expect((object["record"] as? [String: Any])?["decision_id"] as? String == id)
        let chain = try #require(object["chain"] as? [String: Any])
        #expect(chain["intact"] as? Bool == true)
        let trace = try #require(object["trace"] as? [String: Any])
        #expect(trace["reproduces"] as? Bool == true)
        #expect((trace["decision"] as? [String: Any])?["action"] as? String == "block")

        // Edit the first row behind the log's back: its status turns, the second's link still holds.
        let database = try Database(path: gateway.directory.appendingPathComponent("audit.sqlite3").path)
        try database.execute("UPDATE audit_records SET prompt = 'edited' WHERE seq = 1")
        let edited = await gateway.send(.get, "/v1/admin/audit/\(ids[0].uuidString)", key: gateway.reviewer)
        #expect((edited.object?["chain"] as? [String: Any])?["hash_matches"] as? Bool == false)
        let verify = await gateway.send(.get, "/v1/admin/audit/verify", key: gateway.reviewer)
        #expect(verify.status == 200)
        #expect(verify.object?["intact"] as? Bool == false)
    }

    @Test("unknown and malformed decision ids are 404 and 400")
    func missing() async throws {
        let gateway = try await TestGateway.make()
        defer { gateway.close() }
        let unknown = await gateway.send(.get, "/v1/admin/audit/\(UUID().uuidString)", key: gateway.reviewer)
        #expect(unknown.status == 404)
        let malformed = await gateway.send(.get, "/v1/admin/audit/not-a-uuid", key: gateway.reviewer)
        #expect(malformed.status == 400)
        #expect(malformed.errorObject?["param"] as? String == "decision_id")
        let verify = await gateway.send(.get, "/v1/admin/audit/verify", key: gateway.reviewer)
        #expect(verify.object?["intact"] as? Bool == true)
    }

    @Test("a record's stored image is served as PNG; a missing index is 404, a purged image 404 image_purged")
    func image() async throws {
        let gateway = try await TestGateway.make()
        defer { gateway.close() }
        let png = Data([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3])
        let stored = try gateway.services.audit.images.store(png: png)
        let ids = try await Self.log(["a kite"], in: gateway, imageHashes: [stored, String(repeating: "ab", count: 32)])
        let id = ids[0].uuidString.lowercased()
        let ok = await gateway.send(.get, "/v1/admin/audit/\(id)/image/0", key: gateway.reviewer)
        #expect(ok.status == 200)
        #expect(ok.headers["Content-Type"] == "image/png")
        #expect(ok.body == png)
        let purged = await gateway.send(.get, "/v1/admin/audit/\(id)/image/1", key: gateway.reviewer)
        #expect(purged.status == 404)
        #expect(purged.errorObject?["code"] as? String == "image_purged")
        #expect(await gateway.send(.get, "/v1/admin/audit/\(id)/image/2", key: gateway.reviewer).status == 404)
        #expect(await gateway.send(.get, "/v1/admin/audit/\(id)/image/x", key: gateway.reviewer).status == 400)
    }
}
