import Foundation
import Logging
import Testing
@testable import Gateway

@Suite("Health check")
struct HealthCheckTests {
    static func temporaryDirectory() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("warden-health-\(UUID().uuidString)/nested")
    }

    @Test("GET /healthz through a socket is 200 JSON with version, OpenBLAS core and a writable data dir")
    func healthz() async throws {
        let directory = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory.deletingLastPathComponent()) }
        let configuration = WardenServer.Configuration(dataDirectory: directory, http: HTTPServerConfiguration(port: 0))
        let server = try await WardenServer.start(configuration: configuration, logger: HTTPServerTests.quiet)
        defer { server.stop() }
        let client = RawHTTPClient(port: server.port)
        let response = try await RawHTTPClient.offPool { try client.request("GET", "/healthz") }
        #expect(response.status == 200)
        #expect(response.headers["content-type"] == "application/json")
        let json = try #require(response.json)
        #expect(json["status"] as? String == "ok")
        #expect(json["version"] as? String == BuildInfo.versionLine)
        #expect((json["openblas_core"] as? String)?.isEmpty == false)
        #expect(json["data_dir"] as? String == directory.path)
        let database = try #require(json["database"] as? [String: Any])
        #expect(database["writable"] as? Bool == true)
        let models = try #require(json["models"] as? [String: [String: Any]])
        #expect(models["prompt_screening"]?["loaded"] as? Bool == true)
        #expect(models["policy"]?["loaded"] as? Bool == true)
        // The probe file is removed again (the audit log's files stay).
        let left = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        #expect(!left.contains { $0.hasPrefix(".healthz-") })
        #expect(left.contains("audit.sqlite3"))
    }

    @Test("a data directory that cannot be written reports degraded with 503")
    func unwritable() throws {
        let missing = URL(fileURLWithPath: "/proc/warden-cannot-exist")
        let response = HealthCheck(dataDirectory: missing).response()
        #expect(response.status == 503)
        let json = try #require(try JSONSerialization.jsonObject(with: response.body) as? [String: Any])
        #expect(json["status"] as? String == "degraded")
        #expect((json["database"] as? [String: Any])?["writable"] as? Bool == false)
    }

    @Test("a data directory path that is a file is a typed error at start")
    func dataDirIsFile() async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("warden-file-\(UUID().uuidString)")
        try Data("x".utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let configuration = WardenServer.Configuration(dataDirectory: file, http: HTTPServerConfiguration(port: 0))
        await #expect(throws: GatewayError.self) {
            try await WardenServer.start(configuration: configuration, logger: HTTPServerTests.quiet)
        }
    }
}

@Suite("Keys through the real socket")
struct SocketAuthTests {
    @Test("a started server refuses a keyless request with 401 JSON, serves a key made by the key store, and counts both")
    func keysOverSocket() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("warden-socket-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let configuration = WardenServer.Configuration(dataDirectory: directory, http: HTTPServerConfiguration(port: 0),
                                                       paths: TestGateway.paths)
        let server = try await WardenServer.start(configuration: configuration, logger: HTTPServerTests.quiet)
        defer { server.stop() }
        // The first start created the admin key; `warden keys create` does what this line does.
        let keys = try APIKeyStore(dataDirectory: directory)
        #expect(try await keys.list().map(\.roles) == [Role.allCases])
        let client = try await keys.create(roles: [.client]).secret
        let http = RawHTTPClient(port: server.port)
        let (refused, served, metrics) = try await RawHTTPClient.offPool {
            (try http.request("GET", "/v1/models"),
             try http.request("GET", "/v1/models", headers: ["Authorization": "Bearer \(client)"]),
             try http.request("GET", "/metrics"))
        }
        #expect(refused.status == 401)
        #expect(refused.headers["content-type"] == "application/json")
        #expect(refused.errorObject?["code"] as? String == "missing_api_key")
        #expect(served.status == 200)
        #expect(served.json?["object"] as? String == "list")
        let text = String(decoding: metrics.body, as: UTF8.self)
        #expect(text.contains(#"warden_requests_total{route="GET /v1/models",decision="none",status="401"} 1"#))
        #expect(text.contains(#"warden_requests_total{route="GET /v1/models",decision="none",status="200"} 1"#))
    }
}
