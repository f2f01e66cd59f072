import Audit
import Foundation
import Logging
import Screening
import Testing
@testable import Gateway

/// A gateway on a fresh temporary data directory, driven through its router in process, with a
/// key of each role. The prompt screen (MiniLM + heads) is loaded once and shared.
struct TestGateway: Sendable {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let paths = WardenPaths(policies: root.appendingPathComponent("Policies"),
                                   models: root.appendingPathComponent("Models"))
    static let quiet = Logger(label: "warden.test") { _ in SwiftLogNoOpLogHandler() }
    /// The screening models, loaded once for every test that needs them.
    static let sharedScreen = Task { () throws -> PromptScreen in
        try PromptScreen.load(policiesDirectory: paths.policies, modelsDirectory: paths.models)
    }

    let directory: URL
    let configuration: WardenServer.Configuration
    let services: GatewayServices
    let router: Router
    /// One key per role, and one holding all three.
    let client: String
    let reviewer: String
    let policyAdmin: String
    let admin: String

    static func make(screening: Bool = false, rateLimit: RateLimiter.Configuration = .init()) async throws -> TestGateway {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("warden-gw-\(UUID().uuidString)")
        let configuration = WardenServer.Configuration(dataDirectory: directory, http: HTTPServerConfiguration(port: 0),
                                                       paths: paths, rateLimit: rateLimit)
        try WardenServer.prepareDataDirectory(directory)
        let screen = screening ? try await sharedScreen.value : nil
        var services = try await GatewayServices.open(configuration: configuration, logger: quiet, screen: screen)
        if !screening {
            services.moderation = ModerationService(moderator: .failure(GatewayFailure(reason: "not loaded in this test")),
                                                    audit: services.audit, metrics: services.metrics, logger: quiet)
        }
        let keys = services.access.keys
        return TestGateway(
            directory: directory, configuration: configuration, services: services,
            router: WardenServer.makeRouter(configuration: configuration, services: services),
            client: try await keys.create(roles: [.client], name: "client").secret,
            reviewer: try await keys.create(roles: [.reviewer], name: "reviewer").secret,
            policyAdmin: try await keys.create(roles: [.policyAdmin], name: "policy admin").secret,
            admin: try await keys.create(roles: Set(Role.allCases), name: "all").secret)
    }

    func close() {
        services.audit.close()
        try? FileManager.default.removeItem(at: directory)
    }

    /// Sends one request through the router.
    func send(_ method: HTTPMethod, _ target: String, key: String? = nil, body: String? = nil,
              contentType: String = "application/json") async -> HTTPResponse {
        var headers: [String: String] = [:]
        if let key { headers["authorization"] = "Bearer \(key)" }
        if body != nil { headers["content-type"] = contentType }
        let parts = target.split(separator: "?", maxSplits: 1).map(String.init)
        var query: [String: String] = [:]
        if parts.count == 2 {
            for pair in parts[1].split(separator: "&") {
                let kv = pair.split(separator: "=", maxSplits: 1).map(String.init)
                query[kv[0]] = kv.count == 2 ? (kv[1].removingPercentEncoding ?? kv[1]) : ""
            }
        }
        return await router.respond(to: HTTPRequest(method: method, path: parts[0], query: query, headers: headers,
                                                    body: Data((body ?? "").utf8)))
    }
}

extension HTTPResponse {
    /// The body as a JSON object (nil when it is not one).
    var object: [String: Any]? { try? JSONSerialization.jsonObject(with: body) as? [String: Any] }
    /// The `error` object of an OpenAI-shaped error body.
    var errorObject: [String: Any]? { object?["error"] as? [String: Any] }
    var text: String { String(decoding: body, as: UTF8.self) }
}
