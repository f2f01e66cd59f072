import Foundation
import Testing
@testable import Gateway

/// No input produces a 5xx: every guarded route, called with the right role, answers each
/// malformed body and query with a 4xx (or its 2xx). Routes that need the screening models
/// answer 503 in this suite because it does not load them; those are left out.
@Suite("Hostile input")
struct HostileInputTests {
    static let bodies: [String] = [
        "", "null", "[]", "{}", "42", "\"text\"", "{\"prompt\": null}", "{\"version\": \"abc\"}", "{\"version\": 1.5}",
        "{\"yaml\": 7, \"limit\": \"x\"}", "{\"yaml\": \"\", \"limit\": -1}", "{\"yaml\": \"id: x\", \"limit\": 99999999999999999999}",
        String(repeating: "[", count: 2_000), "\u{0}\u{1}\u{2}", "{\"input\": \"\u{FFFF}\"}", "\u{FEFF}{}",
        "id: x\nversion: 1\ndefault_action: allow\nrules:\n  - *unknown_alias\n", "a: &a [*a]\n",
        String(repeating: "x: 1\n", count: 2_000), "{\"version\": -1}", "{\"revision\": 0}",
    ]
    static let queries: [String] = [
        "", "?from=", "?from=-1", "?from=1&to=abc", "?limit=-5", "?cursor=99999999999999999999999", "?q=*",
        "?q=%22%22%22", "?q=a%20OR%20b%20NEAR(", "?since=2026-02-30", "?category=%00", "?rule='%3B%20DROP%20TABLE%20x",
        "?decision=", "?min_score=nan", "?min_score=-0", "?order=", "?limit=1000&key=%FF",
    ]

    @Test("every guarded route answers malformed input with a status below 500")
    func noServerErrors() async throws {
        let gateway = try await TestGateway.make()
        defer { gateway.close() }
        let needsScreening: Set<String> = ["/v1/moderations", "/v1/admin/policies/dry-run"]
        var checked = 0
        for route in gateway.router.routes where route.roles != nil && !needsScreening.contains(route.path) {
            let path = route.path.replacingOccurrences(of: "{decision_id}", with: "zz")
                .replacingOccurrences(of: "{revision}", with: "-1").replacingOccurrences(of: "{n}", with: "99")
                .replacingOccurrences(of: "{id}", with: "nope").replacingOccurrences(of: "{file}", with: "nope.png")
            // Each body with no query, each query with no body (and an empty body).
            let cases = Self.bodies.map { ("", $0) } + Self.queries.map { ($0, "") }
            for (query, body) in cases {
                let response = await gateway.send(route.method, path + query, key: gateway.admin, body: body)
                #expect(response.status < 500, "\(route.method) \(path)\(query) body \(body.prefix(40)): \(response.status) \(response.text)")
                checked += 1
            }
        }
        #expect(checked > 400)
    }
}
