import Foundation
import Logging
import Testing
@testable import Gateway

/// Through a real socket on 127.0.0.1, each test on its own server on an ephemeral port.
@Suite("HTTP server over a real socket")
struct HTTPServerTests {
    static let quiet = Logger(label: "warden.test") { _ in SwiftLogNoOpLogHandler() }

    static func echoRouter() -> Router {
        var router = Router()
        router.add(.post, "/echo") { request in
            HTTPResponse(status: 200, headers: ["Content-Type": "application/octet-stream",
                                                "X-Query": request.query.sorted { $0.key < $1.key }
                                                    .map { "\($0.key)=\($0.value)" }.joined(separator: "&"),
                                                "X-Seen-Header": request.headers["x-warden-test"] ?? "-"],
                         body: request.body)
        }
        router.add(.post, "/json") { request in
            struct Input: Decodable { var prompt: String }
            struct Output: Encodable { var length: Int }
            do throws(GatewayError) {
                let input = try request.decodeJSON(Input.self)
                return .json(200, Output(length: input.prompt.count))
            } catch {
                return .invalidJSON(error)
            }
        }
        router.add(.get, "/slow") { _ in
            try? await Task.sleep(nanoseconds: 2_000_000_000)
            return .text(200, "late")
        }
        return router
    }

    static func withServer<T: Sendable>(_ configuration: HTTPServerConfiguration = HTTPServerConfiguration(port: 0),
                                        router: Router = echoRouter(),
                                        _ body: @escaping @Sendable (RawHTTPClient) throws -> T) async throws -> T {
        let server = try HTTPServer(configuration: configuration, router: router, logger: quiet)
        defer { server.stop() }
        #expect(server.port > 0)
        let client = RawHTTPClient(port: server.port)
        return try await RawHTTPClient.offPool { try body(client) }
    }

    static func patternedBody(_ count: Int) -> Data {
        Data((0..<count).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 8) })
    }

    @Test("a chunked POST body of 300 KB arrives whole, in order")
    func chunkedBody() async throws {
        let body = Self.patternedBody(300_000)
        let head = Data("POST /echo?a=1&b=two HTTP/1.1\r\nHost: x\r\nConnection: close\r\nTransfer-Encoding: chunked\r\nX-Warden-Test: yes\r\n\r\n".utf8)
        let response = try await Self.withServer { client in
            try client.exchange([head] + RawHTTPClient.chunked(body, sizes: [1, 7, 4096, 65536, 100_000]), pause: 0.001)
        }
        #expect(response.status == 200)
        #expect(response.body.count == body.count)
        #expect(response.body == body)
        #expect(response.headers["x-query"] == "a=1&b=two")
        #expect(response.headers["x-seen-header"] == "yes")
    }

    @Test("a Content-Length over the limit is 413 JSON, answered before the body is sent")
    func oversizedDeclared() async throws {
        let configuration = HTTPServerConfiguration(port: 0, maxBodyBytes: 1000)
        let head = Data("POST /echo HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: 50000000\r\n\r\n".utf8)
        let response = try await Self.withServer(configuration) { client in try client.exchange([head]) }
        #expect(response.status == 413)
        #expect(response.headers["content-type"] == "application/json")
        #expect(response.errorObject?["code"] as? String == "request_too_large")
        #expect((response.errorObject?["message"] as? String)?.contains("50000000") == true)
    }

    @Test("a chunked body growing past the limit is 413 JSON")
    func oversizedChunked() async throws {
        let configuration = HTTPServerConfiguration(port: 0, maxBodyBytes: 1000)
        let head = Data("POST /echo HTTP/1.1\r\nHost: x\r\nConnection: close\r\nTransfer-Encoding: chunked\r\n\r\n".utf8)
        let response = try await Self.withServer(configuration) { client in
            try client.exchange([head] + RawHTTPClient.chunked(Self.patternedBody(20_000), sizes: [500]))
        }
        #expect(response.status == 413)
        #expect(response.errorObject?["code"] as? String == "request_too_large")
    }

    @Test("an endless chunked body is cut off (413 or close) and the server keeps serving")
    func endlessChunked() async throws {
        let configuration = HTTPServerConfiguration(port: 0, maxBodyBytes: 1000)
        let head = Data("POST /echo HTTP/1.1\r\nHost: x\r\nConnection: close\r\nTransfer-Encoding: chunked\r\n\r\n".utf8)
        let (cutOff, after) = try await Self.withServer(configuration) { client in
            let cutOff = try? client.exchange([head] + RawHTTPClient.chunked(Self.patternedBody(3 << 20), sizes: [65536]))
            return (cutOff?.status, try client.request("GET", "/v1/unknown").status)
        }
        if let cutOff { #expect(cutOff == 413) }
        #expect(after == 404)
    }

    @Test("a body exactly at the limit is accepted")
    func bodyAtLimit() async throws {
        let configuration = HTTPServerConfiguration(port: 0, maxBodyBytes: 1000)
        let body = Self.patternedBody(1000)
        let response = try await Self.withServer(configuration) { client in try client.request("POST", "/echo", body: body) }
        #expect(response.status == 200)
        #expect(response.body == body)
    }

    @Test("an unknown route is 404 JSON in OpenAI's error shape")
    func unknownRoute() async throws {
        let response = try await Self.withServer { client in try client.request("GET", "/v1/unknown") }
        #expect(response.status == 404)
        #expect(response.headers["content-type"] == "application/json")
        let error = try #require(response.errorObject)
        #expect(error["code"] as? String == "not_found")
        #expect(Set(error.keys) == ["message", "type", "param", "code"])
    }

    @Test("JSON in and out; malformed JSON is 400 naming the problem")
    func jsonRoundTrip() async throws {
        let good = try await Self.withServer { client in
            try client.request("POST", "/json", headers: ["Content-Type": "application/json"], body: Data(#"{"prompt":"a red cube"}"#.utf8))
        }
        #expect(good.status == 200)
        #expect(good.json?["length"] as? Int == 10)
        let bad = try await Self.withServer { client in try client.request("POST", "/json", body: Data(#"{"nope":1}"#.utf8)) }
        #expect(bad.status == 400)
        #expect((bad.errorObject?["message"] as? String)?.contains("missing field 'prompt'") == true)
    }

    @Test("request headers over the per-connection memory limit are refused, and the server keeps serving")
    func oversizedHeaders() async throws {
        let configuration = HTTPServerConfiguration(port: 0, maxHeaderBytes: 8192)
        try await Self.withServer(configuration) { client in
            let huge = String(repeating: "a", count: 20_000)
            let refused = try client.request("GET", "/v1/unknown", headers: ["X-Huge": huge])
            #expect(refused.status == 431)
            #expect(refused.headers["content-type"] == "application/json")
            #expect(refused.errorObject?["code"] as? String == "request_header_fields_too_large")
            // Beyond libmicrohttpd's pool (twice the limit + 64 KiB) it answers 431 itself (HTML).
            let enormous = String(repeating: "b", count: configuration.connectionMemoryBytes + 1_000)
            #expect(try client.request("GET", "/v1/unknown", headers: ["X-Huge": enormous]).status == 431)
            #expect(try client.request("GET", "/v1/unknown").status == 404)
        }
    }

    @Test("a connection idle past the connection timeout is closed by the server")
    func idleTimeout() async throws {
        let configuration = HTTPServerConfiguration(port: 0, connectionTimeoutSeconds: 1)
        let closed = try await Self.withServer(configuration) { client in
            try client.idleUntilClosed(Data("GET /v1/unknown HTTP/1.1\r\nHost: x\r\n".utf8), timeout: 8)
        }
        #expect(closed)
    }

    @Test("a handler slower than the handler timeout gets 503 JSON")
    func handlerTimeout() async throws {
        let configuration = HTTPServerConfiguration(port: 0, handlerTimeoutSeconds: 0.2)
        let response = try await Self.withServer(configuration) { client in try client.request("GET", "/slow") }
        #expect(response.status == 503)
        #expect(response.errorObject?["code"] as? String == "timeout")
    }

    @Test("after stop() the port refuses connections")
    func stops() async throws {
        let server = try HTTPServer(configuration: HTTPServerConfiguration(port: 0), router: Self.echoRouter(),
                                    logger: Self.quiet)
        let client = RawHTTPClient(port: server.port)
        #expect(try await RawHTTPClient.offPool { try client.request("GET", "/nothing") }.status == 404)
        server.stop()
        server.stop()
        #expect(!server.isRunning)
        #expect(throws: RawHTTPClient.Failure.self) { try client.request("GET", "/nothing") }
    }

    @Test("a port already in use is serverStartFailed, not a second listener")
    func portInUse() throws {
        let first = try HTTPServer(configuration: HTTPServerConfiguration(port: 0), router: Router(), logger: Self.quiet)
        defer { first.stop() }
        do {
            let second = try HTTPServer(configuration: HTTPServerConfiguration(port: first.port), router: Router(),
                                        logger: Self.quiet)
            second.stop()
            Issue.record("a second server bound port \(first.port)")
        } catch {
            guard case .serverStartFailed(_, let port, _) = error else {
                Issue.record("expected serverStartFailed, got \(error)")
                return
            }
            #expect(port == first.port)
        }
    }

    @Test("an unresolvable host is a typed error")
    func badHost() {
        #expect(throws: GatewayError.self) {
            try HTTPServer(configuration: HTTPServerConfiguration(host: "no such host.invalid", port: 0),
                           router: Router(), logger: Self.quiet)
        }
        #expect(throws: GatewayError.invalidPort(port: 70000)) {
            try HTTPServer(configuration: HTTPServerConfiguration(port: 70000), router: Router(), logger: Self.quiet)
        }
    }
}
