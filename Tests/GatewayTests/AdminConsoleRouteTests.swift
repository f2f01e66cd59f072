import Foundation
import Testing
@testable import Gateway

/// `/admin` serves the console's committed static files (and nothing else), and
/// `POST /v1/admin/policies/validate` checks a candidate policy without saving it.
@Suite("Admin console routes")
struct AdminConsoleRouteTests {
    @Test("GET /admin is the console page, with a strict Content-Security-Policy and no key needed")
    func page() async throws {
        let gateway = try await TestGateway.make()
        defer { gateway.close() }
        let response = await gateway.send(.get, "/admin")
        #expect(response.status == 200)
        #expect(response.headers["Content-Type"] == "text/html; charset=utf-8")
        #expect(response.text.contains("<title>Warden admin console</title>"))
        let policy = try #require(response.headers["Content-Security-Policy"])
        #expect(policy.contains("script-src 'self'") && policy.contains("default-src 'none'"))
        #expect(response.headers["X-Content-Type-Options"] == "nosniff")
        #expect(await gateway.send(.get, "/admin/").status == 200)
    }

    @Test("every file the page links is served with its content type",
          arguments: [("console.css", "text/css; charset=utf-8"), ("console.js", "text/javascript; charset=utf-8"),
                      ("audit.js", "text/javascript; charset=utf-8"), ("reviews.js", "text/javascript; charset=utf-8"),
                      ("policy.js", "text/javascript; charset=utf-8")])
    func assets(name: String, type: String) async throws {
        let gateway = try await TestGateway.make()
        defer { gateway.close() }
        let page = await gateway.send(.get, "/admin")
        #expect(page.text.contains("\"/admin/\(name)\""))
        let response = await gateway.send(.get, "/admin/\(name)")
        #expect(response.status == 200)
        #expect(response.headers["Content-Type"] == type)
        let onDisk = try Data(contentsOf: TestGateway.paths.console.appendingPathComponent(name))
        #expect(response.body == onDisk)
    }

    @Test("names outside the console folder are 404, never a file elsewhere",
          arguments: ["/admin/..", "/admin/../Package.swift", "/admin/%2e%2e%2fPackage.swift", "/admin/.gitignore",
                      "/admin/README.md", "/admin/missing.js", "/admin/console.js/x", "/admin/..%2F..%2Fetc%2Fpasswd"])
    func traversal(path: String) async throws {
        let gateway = try await TestGateway.make()
        defer { gateway.close() }
        let response = await gateway.send(.get, path)
        #expect(response.status == 404, "\(path): \(response.status)")
        #expect(!response.text.contains("swift-tools-version"))
    }

    @Test("only simple file names with a known content type are servable")
    func servableNames() {
        #expect(ConsoleAssets.isServable("console.js"))
        #expect(ConsoleAssets.isServable("index.html"))
        for name in ["../x.js", "a/b.js", ".hidden.js", "x.swift", "", "..js", "x.js\u{0}", "über.js"] {
            #expect(!ConsoleAssets.isServable(name), "\(name)")
        }
    }

    @Test("a missing console folder makes /admin a 503 naming the folder, not a crash")
    func missingFolder() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("warden-no-console-\(UUID().uuidString)")
        let routes = AdminConsoleRoutes(assets: ConsoleAssets.load(from: folder))
        let response = routes.serve("index.html")
        #expect(response.status == 503)
        #expect(response.text.contains(folder.path))
    }

    @Test("validate: a good candidate -> 200 with its rule changes, nothing saved")
    func validateGood() async throws {
        let gateway = try await TestGateway.make()
        defer { gateway.close() }
        let response = await gateway.send(.post, "/v1/admin/policies/validate", key: gateway.policyAdmin,
                                          body: AdminPolicyRouteTests.teapotText, contentType: "application/yaml")
        #expect(response.status == 200, "\(response.text)")
        let candidate = try #require(response.object?["candidate"] as? [String: Any])
        #expect(candidate["version"] as? String == "teapot-1")
        let diff = try #require(response.object?["diff"] as? [String: Any])
        #expect(diff["added"] as? [String] == ["teapot-block"])
        let versions = await gateway.send(.get, "/v1/admin/policies/versions", key: gateway.policyAdmin)
        #expect((versions.object?["data"] as? [[String: Any]])?.count == 1)
        #expect(try gateway.services.policy.get().current.version == "2026.11.25-1")
    }

    @Test("validate: a bad candidate -> 422 with the line and column of the error")
    func validateBad() async throws {
        let gateway = try await TestGateway.make()
        defer { gateway.close() }
        // Line 3 of this candidate has an unknown action.
        let text = AdminPolicyRouteTests.defaultText.replacingOccurrences(
            of: "action: block\n    explanation: Your prompt appears to ask for sexual content involving a minor.",
            with: "action: obliterate\n    explanation: Your prompt appears to ask for sexual content involving a minor.")
        #expect(text != AdminPolicyRouteTests.defaultText)
        let expectedLine = text.components(separatedBy: "\n").firstIndex { $0.contains("obliterate") }.map { $0 + 1 }
        let response = await gateway.send(.post, "/v1/admin/policies/validate", key: gateway.policyAdmin,
                                          body: text, contentType: "application/yaml")
        #expect(response.status == 422)
        let error = try #require(response.errorObject)
        #expect(error["line"] as? Int == expectedLine)
        #expect(error["column"] as? Int != nil)
        #expect(error["code"] as? String == "invalid_policy")
    }
}
