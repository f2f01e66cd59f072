import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif
@testable import Gateway

/// Slow clients (issue 11): libmicrohttpd's connection timeout counts idle time only, so these
/// check the server's own read deadlines (`RequestReadDeadlines`): a client that keeps sending a
/// byte now and then is still cut off once its headers or body are overdue, and the server
/// serves again; kept-alive connections keep working; the optional per-address limit holds.
@Suite("Security: slowloris and slow bodies meet read deadlines")
struct SlowClientTests {
    static let dripHeaders = Data(("GET /v1/unknown HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                   + String(repeating: "X-Drip: 1\r\n", count: 200)).utf8)

    @Test("a client dripping header bytes is disconnected at the header deadline, not kept by the idle timeout")
    func drippedHeaders() async throws {
        let configuration = HTTPServerConfiguration(port: 0, connectionTimeoutSeconds: 30, headerTimeoutSeconds: 1)
        let closedAfter = try await HTTPServerTests.withServer(configuration) { client in
            try client.drip(Self.dripHeaders, interval: 0.1, limit: 10)
        }
        let seconds = try #require(closedAfter, "still connected after 10 s of dripping")
        #expect(seconds >= 0.9 && seconds < 8)
    }

    @Test("a client dripping its body is disconnected at the body deadline")
    func drippedBody() async throws {
        let configuration = HTTPServerConfiguration(port: 0, connectionTimeoutSeconds: 30, bodyTimeoutSeconds: 1)
        let closedAfter = try await HTTPServerTests.withServer(configuration) { client in
            let socket = try client.connectedSocket(receiveTimeout: 10)
            defer { close(socket) }
            let head = Data("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n".utf8)
            _ = head.withUnsafeBytes { send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            return try client.drip(Data(repeating: 0x61, count: 1000), interval: 0.1, limit: 10, on: socket)
        }
        let seconds = try #require(closedAfter, "still connected after 10 s of dripping")
        #expect(seconds >= 0.9 && seconds < 8)
    }

    @Test("slowloris: connections filling the server with dripped headers are cut, then others are served")
    func slowloris() async throws {
        let configuration = HTTPServerConfiguration(port: 0, connectionTimeoutSeconds: 30, maxConnections: 8,
                                                    headerTimeoutSeconds: 1)
        let (closed, status) = try await HTTPServerTests.withServer(configuration) { client in
            let sockets = try (0..<8).map { _ in try client.connectedSocket(receiveTimeout: 10) }
            defer { sockets.forEach { close($0) } }
            var open = Set(sockets)
            let bytes = [UInt8](Self.dripHeaders)
            var index = 0
            let start = Date()
            // Round robin, one byte per connection every 100 ms, until the server has closed all.
            while !open.isEmpty, Date().timeIntervalSince(start) < 10, index < bytes.count {
                for socket in open {
                    var byte = bytes[index]
                    if send(socket, &byte, 1, Int32(MSG_NOSIGNAL)) < 0 || RawHTTPClient.peerClosed(socket) {
                        open.remove(socket)
                    }
                }
                index += 1
                usleep(100_000)
            }
            return (sockets.count - open.count, try client.request("GET", "/v1/unknown").status)
        }
        #expect(closed == 8)
        #expect(status == 404)
    }

    @Test("a kept-alive connection serves a second request after a pause longer than the header timeout")
    func keepAliveSurvives() async throws {
        let configuration = HTTPServerConfiguration(port: 0, connectionTimeoutSeconds: 5, headerTimeoutSeconds: 1)
        let statuses = try await HTTPServerTests.withServer(configuration) { client in
            try client.keepAlive(pause: 1.5)
        }
        #expect(statuses == [404, 404])
    }

    @Test("the per-address connection limit turns away one connection too many")
    func perAddressLimit() async throws {
        let configuration = HTTPServerConfiguration(port: 0, maxConnectionsPerAddress: 2)
        let (refused, afterwards) = try await HTTPServerTests.withServer(configuration) { client in
            let held = try (0..<2).map { _ in try client.connectedSocket(receiveTimeout: 10) }
            usleep(200_000)  // let the server accept both
            let third = try? client.request("GET", "/v1/unknown")
            held.forEach { close($0) }
            usleep(300_000)  // and notice they went
            return (third == nil, try client.request("GET", "/v1/unknown").status)
        }
        #expect(refused)
        #expect(afterwards == 404)
    }

    @Test("timeouts that are not positive, and a negative per-address limit, are refused at start")
    func invalidTimeouts() {
        for configuration in [HTTPServerConfiguration(port: 0, headerTimeoutSeconds: 0),
                              HTTPServerConfiguration(port: 0, bodyTimeoutSeconds: -1),
                              HTTPServerConfiguration(port: 0, headerTimeoutSeconds: .nan),
                              HTTPServerConfiguration(port: 0, maxConnectionsPerAddress: -1)] {
            #expect(throws: GatewayError.self) {
                _ = try HTTPServer(configuration: configuration, router: Router(), logger: HTTPServerTests.quiet)
            }
        }
    }
}

extension RawHTTPClient {
    /// Sends `data` one byte every `interval` seconds on a new connection (or on `socket`);
    /// returns the seconds until the server closed the connection, or nil when every byte went
    /// out, or `limit` seconds passed, with the connection still open.
    func drip(_ data: Data, interval: Double, limit: Double, on socket: Int32? = nil) throws -> Double? {
        let connection = try socket ?? connectedSocket(receiveTimeout: 10)
        defer { if socket == nil { close(connection) } }
        let start = Date()
        for var byte in data {
            let elapsed = Date().timeIntervalSince(start)
            if send(connection, &byte, 1, Int32(MSG_NOSIGNAL)) < 0 || Self.peerClosed(connection) { return elapsed }
            if elapsed > limit { return nil }
            usleep(useconds_t(interval * 1_000_000))
        }
        return nil
    }

    /// True when the peer has closed (a non-blocking peek reads end of stream or an error).
    static func peerClosed(_ socket: Int32) -> Bool {
        var byte: UInt8 = 0
        let received = recv(socket, &byte, 1, Int32(MSG_PEEK | MSG_DONTWAIT))
        if received == 0 { return true }
        return received < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR
    }

    /// Two GET requests on one kept-alive connection, `pause` seconds apart; each one's status,
    /// nil for one that got no answer.
    func keepAlive(pause: Double) throws -> [Int?] {
        let socket = try connectedSocket(receiveTimeout: 10)
        defer { close(socket) }
        var statuses: [Int?] = []
        for (index, connection) in ["keep-alive", "close"].enumerated() {
            if index > 0 { usleep(useconds_t(pause * 1_000_000)) }
            let request = Data("GET /v1/unknown HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: \(connection)\r\n\r\n".utf8)
            let sent = request.withUnsafeBytes { send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard sent == request.count else { statuses.append(nil); break }
            statuses.append(try Self.readOneResponse(socket)?.status)
        }
        return statuses
    }

    /// Reads one Content-Length-framed response from `socket`, or nil at end of stream first.
    static func readOneResponse(_ socket: Int32) throws -> Response? {
        var received = Data()
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            if let end = received.range(of: Data("\r\n\r\n".utf8)) {
                let head = String(decoding: received[..<end.lowerBound], as: UTF8.self).lowercased()
                let length = head.split(separator: "\r\n").first { $0.hasPrefix("content-length:") }
                    .flatMap { Int($0.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) } ?? 0
                if received.count >= end.upperBound + length {
                    return try parse(received.prefix(end.upperBound + length))
                }
            }
            let count = recv(socket, &buffer, buffer.count, 0)
            if count <= 0 { return nil }
            received.append(contentsOf: buffer[0..<count])
        }
    }
}
