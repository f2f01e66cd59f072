import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif
@testable import Gateway

/// Security checks of issue 11 that hold for the server as built today: header floods, slow
/// clients, path traversal. (Key hashing and the image routes get theirs with the code that
/// brings them.)
@Suite("Security: header floods, slow clients, path traversal")
struct SecurityTests {
    @Test("thousands of small header fields are refused like one huge field, and the server keeps serving")
    func manyHeaderFields() async throws {
        let configuration = HTTPServerConfiguration(port: 0, maxHeaderBytes: 8192)
        try await HTTPServerTests.withServer(configuration) { client in
            var headers: [String: String] = [:]
            for index in 0..<2_000 { headers["X-F\(index)"] = "v" }
            let refused = try client.request("GET", "/v1/unknown", headers: headers)
            #expect(refused.status == 431 || refused.status == 413)
            #expect(try client.request("GET", "/v1/unknown").status == 404)
        }
    }

    @Test("a request line longer than the header memory is refused, not buffered")
    func hugeRequestLine() async throws {
        let configuration = HTTPServerConfiguration(port: 0, maxHeaderBytes: 8192)
        try await HTTPServerTests.withServer(configuration) { client in
            let path = "/v1/" + String(repeating: "a", count: 50_000)
            let refused = try client.request("GET", path)
            #expect([414, 431].contains(refused.status))
            #expect(try client.request("GET", "/v1/unknown").status == 404)
        }
    }

    @Test("a client that stops half-way through its body is disconnected after the connection timeout")
    func stalledBody() async throws {
        let configuration = HTTPServerConfiguration(port: 0, connectionTimeoutSeconds: 1)
        let closed = try await HTTPServerTests.withServer(configuration) { client in
            try client.idleUntilClosed(Data("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n0123456789".utf8),
                                       timeout: 8)
        }
        #expect(closed)
    }

    @Test("slow clients holding connections do not stop others from being served")
    func slowClientsDoNotBlock() async throws {
        let configuration = HTTPServerConfiguration(port: 0, connectionTimeoutSeconds: 5, maxConnections: 32)
        let statuses = try await HTTPServerTests.withServer(configuration) { client in
            // 16 connections each holding half a request (within the connection limit).
            let stalled = try (0..<16).map { _ in try client.sendOnly(Data("POST /echo HTTP/1.1\r\nHost: x\r\n".utf8)) }
            defer { stalled.forEach { close($0) } }
            return try (0..<4).map { _ in try client.request("GET", "/v1/unknown").status }
        }
        #expect(statuses == [404, 404, 404, 404])
    }

    @Test("path traversal and encoded traversal reach no file and no route", arguments: [
        "/../../../../etc/passwd", "/v1/%2e%2e/%2e%2e/etc/passwd", "/v1/..%2f..%2fetc%2fpasswd",
        "/healthz/../../etc/passwd", "/v1/images/..%2F..%2FPackage.swift", "//etc/passwd", "/v1/moderations/%00",
    ])
    func pathTraversal(path: String) async throws {
        let response = try await HTTPServerTests.withServer { client in try client.request("GET", path) }
        #expect([400, 404, 405].contains(response.status))
        let body = String(decoding: response.body, as: UTF8.self)
        #expect(!body.contains("root:"))
        #expect(!body.contains("PackageDescription"))
    }
}

/// Keys on disk: after a key is created and used, no file of the data directory (key store,
/// audit log, their WAL files, policy versions) holds the key itself, only its SHA-256.
@Suite("Security: API keys never stored in clear")
struct KeyStorageSecurityTests {
    @Test("no file under the data directory contains a used key's secret")
    func secretNowhereOnDisk() async throws {
        let gateway = try await TestGateway.make(screening: true)
        defer { gateway.close() }
        let response = await gateway.send(.post, "/v1/moderations", key: gateway.client,
                                          body: #"{"input":"a watercolor of a lighthouse"}"#)
        #expect(response.status == 200)
        var scanned = 0
        let files = FileManager.default.enumerator(at: gateway.directory, includingPropertiesForKeys: nil)
        while let url = files?.nextObject() as? URL {
            guard let data = try? Data(contentsOf: url) else { continue }
            scanned += 1
            for secret in [gateway.client, gateway.admin, gateway.reviewer, gateway.policyAdmin] {
                #expect(data.range(of: Data(secret.utf8)) == nil, "\(url.lastPathComponent) holds a key in clear")
            }
        }
        #expect(scanned >= 2)  // at least the key store and the audit log
    }
}
