import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A minimal HTTP/1.1 client over a plain TCP socket, so tests control the exact bytes on the
/// wire (chunked bodies, lying Content-Length, huge headers) and read the raw answer.
struct RawHTTPClient: Sendable {
    struct Response: Sendable {
        var status: Int
        var headers: [String: String]
        var body: Data
        var json: [String: Any]? { (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] }
        var errorObject: [String: Any]? { json?["error"] as? [String: Any] }
    }

    struct Failure: Error, CustomStringConvertible, Sendable {
        var description: String
    }

    let port: Int

    /// Runs blocking socket work on its own thread, so a test never blocks a thread of Swift's
    /// cooperative pool, which the server's handler tasks need (2 threads on a 2-core machine).
    static func offPool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try work() }) }.start()
        }
    }

    /// A TCP socket connected to 127.0.0.1:`port` whose reads give up after `receiveTimeout`
    /// seconds. The caller closes it.
    func connectedSocket(receiveTimeout: Int) throws -> Int32 {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw Failure(description: "socket: \(String(cString: strerror(errno)))") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else {
            let reason = String(cString: strerror(errno))
            close(socket)
            throw Failure(description: "connect: \(reason)")
        }
        var wait = timeval(tv_sec: receiveTimeout, tv_usec: 0)
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &wait, socklen_t(MemoryLayout<timeval>.size))
        return socket
    }

    /// Sends `parts` in order (each its own `send`, with `pause` seconds between), then reads
    /// until the server closes the connection or `timeout` passes, and parses the response.
    func exchange(_ parts: [Data], pause: Double = 0, timeout: Int = 10) throws -> Response {
        let socket = try connectedSocket(receiveTimeout: timeout)
        defer { close(socket) }
        for part in parts {
            // MSG_NOSIGNAL: a server that closed early must not SIGPIPE the test process.
            let sent = part.withUnsafeBytes { send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if sent < 0 { break }  // server already answered and closed: read what it said
            if pause > 0 { usleep(useconds_t(pause * 1_000_000)) }
        }
        var received = Data()
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = recv(socket, &buffer, buffer.count, 0)
            if count <= 0 { break }
            received.append(contentsOf: buffer[0..<count])
        }
        return try Self.parse(received)
    }

    /// Sends `partial` and then nothing; true when the server closes the connection (recv
    /// returns 0) before `timeout` seconds, false when the client's own timeout ends the wait.
    func idleUntilClosed(_ partial: Data, timeout: Int) throws -> Bool {
        let socket = try connectedSocket(receiveTimeout: timeout)
        defer { close(socket) }
        _ = partial.withUnsafeBytes { send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = recv(socket, &buffer, buffer.count, 0)
            if count == 0 { return true }
            if count < 0 { return errno == ECONNRESET }
        }
    }

    /// Sends `request` and returns the still-open socket without reading; the caller closes it
    /// (to play a client that goes away before the answer).
    func sendOnly(_ request: Data) throws -> Int32 {
        let socket = try connectedSocket(receiveTimeout: 10)
        _ = request.withUnsafeBytes { send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        return socket
    }

    /// A request with `Connection: close` and the given body (Content-Length set unless the
    /// headers already say how the body is framed).
    func request(_ method: String, _ target: String, headers: [String: String] = [:], body: Data = Data()) throws -> Response {
        var head = "\(method) \(target) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        if headers.keys.allSatisfy({ $0.lowercased() != "transfer-encoding" && $0.lowercased() != "content-length" }),
           !body.isEmpty || method == "POST" {
            head += "Content-Length: \(body.count)\r\n"
        }
        head += "\r\n"
        return try exchange([Data(head.utf8), body])
    }

    /// `body` framed as chunks of the given sizes (the last size repeats), then the last-chunk.
    static func chunked(_ body: Data, sizes: [Int]) -> [Data] {
        var parts: [Data] = []
        var start = 0
        var index = 0
        while start < body.count {
            let size = min(sizes[min(index, sizes.count - 1)], body.count - start)
            var chunk = Data((String(size, radix: 16) + "\r\n").utf8)
            chunk.append(body[body.startIndex + start..<body.startIndex + start + size])
            chunk.append(Data("\r\n".utf8))
            parts.append(chunk)
            start += size
            index += 1
        }
        parts.append(Data("0\r\n\r\n".utf8))
        return parts
    }

    static func parse(_ data: Data) throws -> Response {
        guard let separator = data.range(of: Data("\r\n\r\n".utf8)) else {
            throw Failure(description: "no HTTP header terminator in \(data.count) bytes: \(String(decoding: data.prefix(200), as: UTF8.self))")
        }
        let head = String(decoding: data[data.startIndex..<separator.lowerBound], as: UTF8.self)
        var lines = head.components(separatedBy: "\r\n")
        let statusLine = lines.removeFirst().split(separator: " ")
        guard statusLine.count >= 2, let status = Int(statusLine[1]) else {
            throw Failure(description: "bad status line in: \(head)")
        }
        var headers: [String: String] = [:]
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        var body = Data(data[separator.upperBound...])
        if let length = headers["content-length"].flatMap(Int.init), body.count > length {
            body = body.prefix(length)
        }
        return Response(status: status, headers: headers, body: body)
    }
}
