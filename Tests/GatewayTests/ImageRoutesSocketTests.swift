import Foundation
import Testing
@testable import Gateway
#if canImport(Glibc)
import Glibc
#endif

/// The image routes through a real socket: the generation answer, an image URL, and a client
/// that disconnects while its generation runs (the server notices and cancels it).
@Suite("Image routes over a real socket")
struct ImageRoutesSocketTests {
    static func withServer<T: Sendable>(_ fixture: GenerationFixture,
                                        _ body: @escaping @Sendable (RawHTTPClient) throws -> T) async throws -> T {
        let server = try HTTPServer(configuration: HTTPServerConfiguration(port: 0), router: fixture.router,
                                    logger: GenerationFixture.quiet)
        defer { server.stop() }
        let client = RawHTTPClient(port: server.port)
        return try await RawHTTPClient.offPool { try body(client) }
    }

    @Test("a generation over the socket answers 200 with a URL the image route serves")
    func generatesOverSocket() async throws {
        let fixture = try await GenerationFixture.make()
        defer { fixture.close() }
        let key = fixture.client
        let (answer, image) = try await Self.withServer(fixture) { client in
            let answer = try client.request("POST", "/v1/images/generations",
                                            headers: ["Authorization": "Bearer \(key)", "Content-Type": "application/json"],
                                            body: Data(#"{"prompt":"a yellow star","response_format":"url"}"#.utf8))
            let url = (answer.json?["data"] as? [[String: Any]])?.first?["url"] as? String ?? ""
            let path = url.components(separatedBy: "127.0.0.1").last ?? ""
            return (answer, try client.request("GET", path.hasPrefix(":") ? String(path.drop { $0 != "/" }) : path))
        }
        #expect(answer.status == 200)
        #expect(image.status == 200)
        #expect(image.headers["content-type"] == "image/png")
        #expect(image.body.starts(with: [0x89, 0x50, 0x4E, 0x47]))
    }

    @Test("a client that disconnects mid-generation cancels it; the server keeps serving")
    func disconnectCancels() async throws {
        let generator = PaintingGenerator(gate: Gate())   // runs until cancelled
        let fixture = try await GenerationFixture.make(generator: .success(generator))
        defer { fixture.close() }
        let key = fixture.client
        let status = try await Self.withServer(fixture) { client in
            let body = #"{"prompt":"a blue cube"}"#
            let head = "POST /v1/images/generations HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer \(key)\r\n"
                + "Content-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n\r\n" + body
            let socket = try client.sendOnly(Data(head.utf8))
            let deadline = Date().addingTimeInterval(60)
            while !generator.started, Date() < deadline { usleep(5_000) }
            close(socket)
            while generator.cancelledCount == 0, Date() < deadline { usleep(5_000) }
            return try client.request("GET", "/v1/images/img_00000000000000000000000000000000.png").status
        }
        #expect(generator.cancelledCount == 1)
        #expect(status == 404)   // answered: the server still serves
    }
}
