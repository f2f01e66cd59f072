import Audit
import Foundation
import Logging
import Testing
@testable import Gateway

/// Fail closed at the gateway: a server whose Models/ holds a truncated or altered model file, or
/// whose policy does not compile, still starts but answers 503 on /v1/moderations with the reason,
/// and logs no decision (nothing ran without every screening stage).
@Suite("Gateway fails closed on bad model and policy files")
struct FailClosedTests {
    /// A temporary project: Models/ and Policies/ as symbolic links to the repository's
    /// folders, except the one file each test breaks, plus an empty data directory.
    struct Project {
        let root: URL
        var paths: WardenPaths { WardenPaths(policies: root.appendingPathComponent("Policies"),
                                             models: root.appendingPathComponent("Models")) }
        var data: URL { root.appendingPathComponent("var") }

        /// Links every entry of `source/folder` into `root/folder`, except `replacing`, whose
        /// parent folders are recreated and which is written with `contents`.
        init(replacing relativePath: String, with contents: Data) throws {
            let fm = FileManager.default
            root = fm.temporaryDirectory.appendingPathComponent("warden-failclosed-\(UUID().uuidString)")
            let parts = relativePath.split(separator: "/").map(String.init)
            var source = TestGateway.root
            var target = root
            for (depth, part) in parts.enumerated() {
                try fm.createDirectory(at: target, withIntermediateDirectories: true)
                for entry in try fm.contentsOfDirectory(atPath: source.path) where entry != part {
                    try fm.createSymbolicLink(at: target.appendingPathComponent(entry),
                                              withDestinationURL: source.appendingPathComponent(entry))
                }
                source.appendPathComponent(part)
                target.appendPathComponent(part)
                if depth == parts.count - 1 { try contents.write(to: target) }
            }
        }

        func remove() { try? FileManager.default.removeItem(at: root) }

        /// The services `warden serve` would open on this project, and the answer of its router
        /// to one authenticated request (a client key made in the fresh key store).
        func moderate() async throws -> (status: Int, body: String, auditRows: Int) {
            let configuration = WardenServer.Configuration(dataDirectory: data, http: HTTPServerConfiguration(port: 0),
                                                           paths: paths)
            try WardenServer.prepareDataDirectory(data)
            let services = try await GatewayServices.open(configuration: configuration, logger: TestGateway.quiet)
            defer { services.audit.close() }
            let key = try await services.access.keys.create(roles: [.client], name: "fail-closed test").secret
            let router = WardenServer.makeRouter(configuration: configuration, services: services)
            let request = HTTPRequest(method: .post, path: "/v1/moderations",
                                      headers: ["content-type": "application/json", "authorization": "Bearer \(key)"],
                                      body: Data(#"{"input":"a watercolor of a lighthouse"}"#.utf8))
            let response = await router.respond(to: request)
            return (response.status, String(decoding: response.body, as: UTF8.self),
                    try await services.audit.verify().rowsChecked)
        }
    }

    static func original(_ path: String) throws -> Data {
        try Data(contentsOf: TestGateway.root.appendingPathComponent(path))
    }

    @Test("a truncated text encoder weights file: 503 naming the integrity check, nothing logged")
    func truncatedEncoder() async throws {
        let project = try Project(replacing: "Models/text-encoder/model.safetensors",
                                  with: try Self.original("Models/text-encoder/model.safetensors").prefix(1 << 20))
        defer { project.remove() }
        let (status, body, rows) = try await project.moderate()
        #expect(status == 503)
        #expect(body.contains("screening_unavailable"))
        #expect(body.contains("integrity check"))
        #expect(rows == 0)
    }

    @Test("an altered prompt classifier: 503, nothing logged")
    func alteredClassifier() async throws {
        var heads = try Self.original("Models/prompt-classifier/heads.safetensors")
        heads[heads.count - 1] ^= 0x01
        let project = try Project(replacing: "Models/prompt-classifier/heads.safetensors", with: heads)
        defer { project.remove() }
        let (status, body, rows) = try await project.moderate()
        #expect(status == 503)
        #expect(body.contains("heads.safetensors"))
        #expect(rows == 0)
    }

    @Test("a missing lexicon file: 503, nothing logged")
    func missingLexicon() async throws {
        // The replaced file is a folder entry that does not exist in the repository: the real
        // lexicons/ is rebuilt as links without violence.txt.
        let project = try Project(replacing: "Policies/lexicons/violence.txt", with: Data())
        defer { project.remove() }
        try FileManager.default.removeItem(at: project.root.appendingPathComponent("Policies/lexicons/violence.txt"))
        let (status, body, rows) = try await project.moderate()
        #expect(status == 503)
        #expect(body.contains("violence"))
        #expect(rows == 0)
    }

    @Test("a policy that does not compile: 503 with its line, nothing logged")
    func invalidPolicy() async throws {
        var text = String(decoding: try Self.original("Policies/default.yaml"), as: UTF8.self)
        text = text.replacingOccurrences(of: "default_action: allow", with: "default_action: permit")
        let project = try Project(replacing: "Policies/default.yaml", with: Data(text.utf8))
        defer { project.remove() }
        let (status, body, rows) = try await project.moderate()
        #expect(status == 503)
        #expect(body.contains("default.yaml"))
        #expect(body.contains("permit"))
        #expect(rows == 0)
    }

    @Test("the intact linked project answers 200 and logs the decision (the set-up itself is sound)")
    func intactProject() async throws {
        let project = try Project(replacing: "Policies/README-none.txt", with: Data())
        defer { project.remove() }
        let (status, _, rows) = try await project.moderate()
        #expect(status == 200)
        #expect(rows == 1)
    }
}
