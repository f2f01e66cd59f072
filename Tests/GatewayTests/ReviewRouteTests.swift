import Audit
import Foundation
import Testing
@testable import Gateway

/// Requests a `review` decision holds: 202 with a poll URL, the reviewers' list, approve (the
/// request then completes) and deny (the poll refuses), each logged; held requests survive a restart.
@Suite("Review routes")
struct ReviewRouteTests {
    /// The default policy holds this prompt (rule without-clothes-review; the classifier alone
    /// does not decide it: "a man taking off his clothes" alone scored sexual 0.77 and blocked
    /// with one retrained head).
    static let heldPrompt = #"{"prompt":"a man taking off his clothes before a swim","n":2}"#

    static func hold(_ fixture: GenerationFixture, body: String = heldPrompt) async throws -> String {
        let response = await fixture.post("/v1/images/generations", json: body)
        #expect(response.status == 202)
        let id = try #require(response.object?["id"] as? String)
        #expect(response.object?["poll_url"] as? String == "/v1/requests/\(id)")
        #expect(response.headers["Location"] == "/v1/requests/\(id)")
        return id
    }

    @Test("a held prompt waits, is listed, and after approval the poll returns the screened images")
    func approve() async throws {
        let generator = PaintingGenerator()
        let fixture = try await GenerationFixture.make(generator: .success(generator))
        defer { fixture.close() }
        let id = try await Self.hold(fixture)
        #expect(generator.callCount == 0)
        let pending = await fixture.get("/v1/requests/\(id)")
        #expect(pending.status == 202)
        #expect(pending.object?["status"] as? String == "pending")
        let rules = try #require(pending.warden?["rules"] as? [[String: Any]])
        #expect(rules.contains { $0["id"] as? String == "without-clothes-review" })
        #expect(rules.allSatisfy { $0["action"] as? String == "review" })
        let list = await fixture.review(.get, "/v1/admin/reviews")
        let items = try #require(list.object?["data"] as? [[String: Any]])
        #expect(items.map { $0["id"] as? String } == [id])
        #expect(items.first?["prompt"] as? String == "a man taking off his clothes before a swim")

        let approved = await fixture.review(.post, "/v1/admin/reviews/\(id)/approve", body: #"{"note":"a surgeon changing, fine"}"#)
        #expect(approved.status == 200)
        let done = try await fixture.pollUntilDone(id)
        #expect(done.status == 200)
        #expect((done.object?["data"] as? [[String: Any]])?.count == 2)
        #expect(generator.callCount == 1)
        // Deciding twice is a conflict; the list of pending ones is empty.
        let again = await fixture.review(.post, "/v1/admin/reviews/\(id)/deny")
        #expect(again.status == 409)
        #expect((await fixture.review(.get, "/v1/admin/reviews").object?["data"] as? [Any])?.isEmpty == true)
        // Prompt (review), the approval, and two output images: all in the chain.
        let verification = try await fixture.audit.verify()
        #expect(verification.isIntact && verification.rowsChecked == 4)
        let approvals = try await fixture.audit.query(AuditQuery(rule: "human-review", limit: 10))
        #expect(approvals.records.count == 1 && approvals.records[0].draft.action == "allow")
        #expect(approvals.records[0].draft.explanation.contains("a surgeon changing, fine"))
    }

    @Test("a denied request polls as a refusal carrying the reviewer's note; nothing is generated")
    func deny() async throws {
        let generator = PaintingGenerator()
        let fixture = try await GenerationFixture.make(generator: .success(generator))
        defer { fixture.close() }
        let id = try await Self.hold(fixture)
        let denied = await fixture.review(.post, "/v1/admin/reviews/\(id)/deny", body: #"{"note":"Nudity is not allowed here"}"#)
        #expect(denied.status == 200)
        let poll = await fixture.get("/v1/requests/\(id)")
        #expect(poll.status == 400)
        #expect(poll.errorObject?["code"] as? String == "content_policy_violation")
        let message = try #require(poll.errorObject?["message"] as? String)
        #expect(message.hasPrefix("A reviewer declined your request: Nudity is not allowed here."))
        #expect(poll.warden?["action"] as? String == "block")
        #expect(generator.callCount == 0)
        let denials = try await fixture.audit.query(AuditQuery(action: "block", rule: "human-review", limit: 10))
        #expect(denials.records.count == 1)
    }

    @Test("an output image held for review is not served until approved")
    func outputReview() async throws {
        // 0.6 nudity: over the review threshold (0.50), under the block threshold (0.80).
        let fixture = try await GenerationFixture.make(screen: .success(ColourScreen { _, _, _ in (0.6, [:]) }))
        defer { fixture.close() }
        let id = try await Self.hold(fixture, body: #"{"prompt":"a person on a beach","response_format":"url"}"#)
        let pending = await fixture.get("/v1/requests/\(id)")
        #expect(pending.object?["stage"] as? String == "output_image")
        let items = try #require(await fixture.review(.get, "/v1/admin/reviews").object?["data"] as? [[String: Any]])
        let heldImage = try #require((items.first?["held_images"] as? [String])?.first)
        #expect(await fixture.review(.get, heldImage).headers["Content-Type"] == "image/png")
        #expect(await fixture.get(heldImage).status == 403)   // a client key cannot see held images
        _ = await fixture.review(.post, "/v1/admin/reviews/\(id)/approve")
        let done = try await fixture.pollUntilDone(id)
        #expect(done.status == 200)
        let url = try #require((done.object?["data"] as? [[String: Any]])?.first?["url"] as? String)
        #expect(await fixture.get(String(url.dropFirst("http://warden.test:8080".count))).status == 200)
    }

    @Test("held requests survive a restart (a new store on the same data directory)")
    func persists() async throws {
        let fixture = try await GenerationFixture.make()
        defer { fixture.close() }
        let id = try await Self.hold(fixture)
        let reopened = try RequestStore(dataDirectory: fixture.directory)
        let held = try #require(try await reopened.held(id: id))
        #expect(held.status == .pending)
        #expect(held.request.prompt == "a man taking off his clothes before a swim")
        #expect(held.request.n == 2)
        #expect(try await reopened.list(status: .pending).map(\.id) == [id])
    }

    @Test("a request approved before a restart but not finished is run again at start")
    func resumesAfterRestart() async throws {
        let generator = PaintingGenerator()
        let fixture = try await GenerationFixture.make(generator: .success(generator))
        defer { fixture.close() }
        let id = try await Self.hold(fixture)
        // As if the process stopped right after the approval was stored.
        _ = try await fixture.store.transition(id: id, from: .pending) { $0.status = .approved }
        await fixture.pipeline.resumeApprovedRequests()
        #expect(try await fixture.store.held(id: id)?.status == .completed)
        #expect(generator.callCount == 1)
        #expect(await fixture.get("/v1/requests/\(id)").status == 200)
    }

    @Test("unknown, malformed and bad-body review requests are 4xx", arguments: [
        ("GET", "/v1/requests/req_00000000000000000000000000000000", 404),
        ("GET", "/v1/requests/..%2F..%2Frequests.sqlite3", 404),
        ("POST", "/v1/admin/reviews/req_00000000000000000000000000000000/approve", 404),
        ("POST", "/v1/admin/reviews/nonsense/deny", 404),
        ("GET", "/v1/admin/reviews?status=maybe", 400),
        ("GET", "/v1/admin/reviews?limit=0", 400),
    ])
    func badRequests(method: String, path: String, status: Int) async throws {
        let fixture = try await GenerationFixture.make()
        defer { fixture.close() }
        let parts = path.split(separator: "?", maxSplits: 1)
        var query: [String: String] = [:]
        if parts.count == 2, let pair = parts.last?.split(separator: "="), pair.count == 2 { query[String(pair[0])] = String(pair[1]) }
        let response = await fixture.review(HTTPMethod(rawValue: method), String(parts[0]), query: query)
        #expect(response.status == status)
    }

    @Test("every image and review route refuses a missing key (401) and the wrong role (403)", arguments: [
        (HTTPMethod.post, "/v1/images/generations", "client"),
        (HTTPMethod.post, "/v1/images/edits", "client"),
        (HTTPMethod.get, "/v1/requests/req_00000000000000000000000000000000", "client"),
        (HTTPMethod.get, "/v1/admin/reviews", "reviewer"),
        (HTTPMethod.post, "/v1/admin/reviews/req_00000000000000000000000000000000/approve", "reviewer"),
        (HTTPMethod.post, "/v1/admin/reviews/req_00000000000000000000000000000000/deny", "reviewer"),
        (HTTPMethod.get, "/v1/admin/reviews/req_00000000000000000000000000000000/images/0", "reviewer"),
    ])
    func roles(method: HTTPMethod, path: String, role: String) async throws {
        let fixture = try await GenerationFixture.make()
        defer { fixture.close() }
        #expect(await fixture.send(method, path, key: .some(nil)).status == 401)
        if role == "reviewer" {
            #expect(await fixture.send(method, path, key: fixture.client).status == 403)
            #expect(![401, 403].contains(await fixture.send(method, path, key: fixture.reviewer).status))
        } else {
            // Polling is open to reviewers too; generating is not.
            let reviewerStatus = await fixture.send(method, path, key: fixture.reviewer).status
            #expect(path.hasPrefix("/v1/requests/") ? reviewerStatus == 404 : reviewerStatus == 403)
            #expect(![401, 403].contains(await fixture.send(method, path, key: fixture.client).status))
        }
    }

    @Test("an approve body that is not JSON is a 400")
    func badNote() async throws {
        let fixture = try await GenerationFixture.make()
        defer { fixture.close() }
        let id = try await Self.hold(fixture)
        let response = await fixture.review(.post, "/v1/admin/reviews/\(id)/approve", body: "note=yes")
        #expect(response.status == 400)
        #expect(try await fixture.store.held(id: id)?.status == .pending)
    }
}
