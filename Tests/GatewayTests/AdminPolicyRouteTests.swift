import Foundation
import Policy
import Testing
@testable import Gateway

/// `/v1/admin/policies/...` in process: replace, validate, version, diff, roll back, replay,
/// persistence across a restart, and the dry-run with the real screening models.
@Suite("Admin policy routes")
struct AdminPolicyRouteTests {
    static let defaultText: String = {
        (try? String(contentsOf: TestGateway.paths.policies.appendingPathComponent("default.yaml"), encoding: .utf8)) ?? ""
    }()

    /// The default policy with a new version and a rule that blocks every prompt containing "teapot".
    static let teapotText: String = {
        var text = defaultText.replacingOccurrences(of: #"version: "2026.11.25-1""#, with: #"version: "teapot-1""#)
        text = text.replacingOccurrences(of: "rules:\n", with: """
            rules:
              - id: teapot-block
                kind: regex
                pattern: '\\bteapot\\b'
                target: both
                action: block
                explanation: Teapots are not allowed in this test.

            """)
        return text
    }()

    @Test("GET current is the default policy, stored as revision 1")
    func current() async throws {
        let gateway = try await TestGateway.make()
        defer { gateway.close() }
        let response = await gateway.send(.get, "/v1/admin/policies/current", key: gateway.reviewer)
        #expect(response.status == 200)
        let object = try #require(response.object)
        #expect(object["id"] as? String == "warden-default")
        #expect(object["revision"] as? Int == 1)
        #expect(object["text"] as? String == Self.defaultText)
        #expect((object["rules"] as? Int ?? 0) > 0)
    }

    @Test("PUT compiles, stores a new revision, swaps it in, and survives a restart")
    func replaceAndRestart() async throws {
        #expect(Self.teapotText.contains("teapot-block"))
        let gateway = try await TestGateway.make()
        defer { gateway.close() }
        let put = await gateway.send(.put, "/v1/admin/policies/current?comment=no%20teapots", key: gateway.policyAdmin,
                                     body: Self.teapotText, contentType: "application/yaml")
        #expect(put.status == 200, "\(put.text)")
        #expect(put.object?["revision"] as? Int == 2)
        #expect(put.object?["version"] as? String == "teapot-1")
        let engine = try gateway.services.policy.get()
        #expect(engine.current.rule(id: "teapot-block") != nil)
        #expect(engine.evaluate(PolicyInput(prompt: "a teapot")).action == .block)

        let versions = await gateway.send(.get, "/v1/admin/policies/versions", key: gateway.reviewer)
        let list = try #require(versions.object?["data"] as? [[String: Any]])
        #expect(list.map { $0["revision"] as? Int } == [2, 1])
        #expect(list[0]["running"] as? Bool == true && list[1]["running"] as? Bool == false)
        #expect(list[0]["comment"] as? String == "no teapots")
        #expect(list[0]["author_key_id"] as? String != nil)

        // A new process on the same data directory runs revision 2.
        let services = try await GatewayServices.open(configuration: gateway.configuration, logger: TestGateway.quiet)
        defer { services.audit.close() }
        #expect(try services.policy.get().current.version == "teapot-1")
    }

    @Test("an invalid policy is 422 with its line and column, and the running policy stays",
          arguments: [("id: x\nversion: 1\ndefault_action: maybe\nrules: []\n", 3), ("id: [unclosed\n", 2),
                      ("id: x\nversion: 1\ndefault_action: allow\nrules:\n  - id: r\n    kind: category\n    category: nonsense\n    threshold: 0.5\n    action: block\n    explanation: e\n", 7)])
    func invalid(text: String, line: Int) async throws {
        let gateway = try await TestGateway.make()
        defer { gateway.close() }
        let before = try gateway.services.policy.get().current.sha256
        let response = await gateway.send(.put, "/v1/admin/policies/current", key: gateway.policyAdmin, body: text)
        #expect(response.status == 422, "\(response.text)")
        let error = try #require(response.errorObject)
        #expect(error["code"] as? String == "invalid_policy")
        #expect(error["param"] as? String == "policy")
        #expect(error["line"] as? Int == line)
        #expect((error["column"] as? Int ?? 0) >= 1)
        #expect(try gateway.services.policy.get().current.sha256 == before)
        let versions = await gateway.send(.get, "/v1/admin/policies/versions", key: gateway.reviewer)
        #expect((versions.object?["data"] as? [Any])?.count == 1)
    }

    @Test("diff names the added rule; rollback restores revision 1 as revision 3")
    func diffAndRollback() async throws {
        let gateway = try await TestGateway.make()
        defer { gateway.close() }
        #expect(await gateway.send(.put, "/v1/admin/policies/current", key: gateway.policyAdmin, body: Self.teapotText).status == 200)
        let diff = await gateway.send(.get, "/v1/admin/policies/diff?from=1&to=2", key: gateway.reviewer)
        #expect(diff.status == 200, "\(diff.text)")
        let body = try #require(diff.object?["diff"] as? [String: Any])
        #expect(body["added"] as? [String] == ["teapot-block"])
        #expect((body["policy_fields"] as? [String: [String]])?["version"] == ["2026.11.25-1", "teapot-1"])
        let implicit = await gateway.send(.get, "/v1/admin/policies/diff?from=1", key: gateway.reviewer)
        #expect((implicit.object?["to"] as? [String: Any])?["revision"] as? Int == 2)

        let rollback = await gateway.send(.post, "/v1/admin/policies/rollback", key: gateway.policyAdmin, body: #"{"version": 1}"#)
        #expect(rollback.status == 200, "\(rollback.text)")
        #expect(rollback.object?["revision"] as? Int == 3)
        #expect(try gateway.services.policy.get().current.rule(id: "teapot-block") == nil)
        let third = await gateway.send(.get, "/v1/admin/policies/versions/3", key: gateway.reviewer)
        #expect(third.object?["comment"] as? String == "rollback to revision 1")
        #expect(third.object?["text"] as? String == Self.defaultText)
    }

    @Test("bad revisions and bodies are 4xx naming the parameter", arguments: [
        (HTTPMethod.get, "/v1/admin/policies/diff", nil as String?, 400, "from"),
        (.get, "/v1/admin/policies/diff?from=abc", nil, 400, "from"),
        (.get, "/v1/admin/policies/diff?from=1&to=99", nil, 404, "to"),
        (.get, "/v1/admin/policies/versions/0", nil, 400, "revision"),
        (.get, "/v1/admin/policies/versions/7", nil, 404, "revision"),
        (.post, "/v1/admin/policies/rollback", #"{"version": 42}"#, 404, "version"),
        (.post, "/v1/admin/policies/rollback", #"{"nope": 1}"#, 400, "version"),
        (.post, "/v1/admin/policies/rollback", "[", 400, "version"),
        (.post, "/v1/admin/policies/replay", #"{"limit": 5}"#, 400, "yaml"),
        (.post, "/v1/admin/policies/replay", #"{"yaml": "id: x", "limit": 0}"#, 400, "limit"),
        (.post, "/v1/admin/policies/replay", #"{"yaml": "id: [", "limit": 5}"#, 422, "yaml"),
        (.post, "/v1/admin/policies/dry-run", #"{"text": "x"}"#, 400, "prompt"),
    ])
    func badInput(method: HTTPMethod, target: String, body: String?, status: Int, param: String) async throws {
        let gateway = try await TestGateway.make()
        defer { gateway.close() }
        let response = await gateway.send(method, target, key: gateway.policyAdmin, body: body)
        #expect(response.status == status, "\(response.text)")
        #expect(response.errorObject?["param"] as? String == param)
    }

    @Test("replay re-decides the last N logged requests with a candidate and counts what changes")
    func replay() async throws {
        let gateway = try await TestGateway.make()
        defer { gateway.close() }
        try await AdminAuditRouteTests.log(["a teapot on a table", "a lighthouse", "another teapot", "a cat"], in: gateway)
        let body = try String(decoding: JSONSerialization.data(withJSONObject: ["yaml": Self.teapotText, "limit": 3]), as: UTF8.self)
        let response = await gateway.send(.post, "/v1/admin/policies/replay", key: gateway.policyAdmin, body: body)
        #expect(response.status == 200, "\(response.text)")
        let report = try #require(response.object?["report"] as? [String: Any])
        #expect(report["replayed"] as? Int == 3)
        #expect(report["changed"] as? Int == 1)
        #expect((report["transitions"] as? [String: Int])?["allow->block"] == 1)
        let examples = try #require(report["examples"] as? [[String: Any]])
        #expect(examples.first?["prompt"] as? String == "another teapot")
        #expect(examples.first?["candidate_rules"] as? [String] == ["teapot-block"])
    }

    @Test("dry-run screens a prompt and decides it under the running policy or a candidate, logging nothing")
    func dryRun() async throws {
        let gateway = try await TestGateway.make(screening: true)
        defer { gateway.close() }
        let running = await gateway.send(.post, "/v1/admin/policies/dry-run", key: gateway.policyAdmin,
                                         body: #"{"prompt": "how do I build a pipe bomb"}"#)
        #expect(running.status == 200, "\(running.text)")
        let decision = try #require(running.object?["decision"] as? [String: Any])
        #expect(decision["action"] as? String == "block")
        #expect((decision["trace"] as? [Any])?.count == (try gateway.services.policy.get().current.rules.count))
        #expect((running.object?["warden"] as? [String: Any])?["action"] as? String == "block")

        let payload = ["prompt": "a teapot in the sun", "yaml": Self.teapotText]
        let candidate = await gateway.send(.post, "/v1/admin/policies/dry-run", key: gateway.policyAdmin,
                                           body: String(decoding: try JSONSerialization.data(withJSONObject: payload), as: UTF8.self))
        #expect(candidate.status == 200, "\(candidate.text)")
        #expect((candidate.object?["decision"] as? [String: Any])?["action"] as? String == "block")
        #expect((candidate.object?["policy"] as? [String: Any])?["version"] as? String == "teapot-1")
        #expect(try gateway.services.policy.get().current.rule(id: "teapot-block") == nil)
        #expect(try await gateway.services.audit.verify().rowsChecked == 0)
    }
}
