import CMicroHTTPD
import Foundation

/// What one request has accumulated so far. Lives from the first access-handler call of a
/// request to libmicrohttpd's request-completed callback, held in MHD's per-request pointer as
/// a retained `Unmanaged`, and only ever touched by that connection's own thread.
final class ConnectionState {
    let method: HTTPMethod
    let path: String
    let headers: [String: String]
    let query: [String: String]
    let started = DispatchTime.now()
    /// Bytes received so far (never more than the body limit).
    var body: [UInt8] = []
    /// Total body bytes the client has sent, counted even after the limit was passed.
    var receivedBytes = 0
    /// Set once the body passed the limit; further data is discarded.
    var overflowed = false
    /// Set once a response has been queued for this request.
    var responded = false

    init(method: HTTPMethod, path: String, headers: [String: String], query: [String: String]) {
        self.method = method
        self.path = path
        self.headers = headers
        self.query = query
    }

    /// Whether a body follows the headers (a positive Content-Length, or chunked encoding).
    var expectsBody: Bool {
        if let length = headers["content-length"].flatMap(Int.init) { return length > 0 }
        return headers["transfer-encoding"].map { $0.lowercased().contains("chunked") } ?? false
    }

    /// Bytes of the request line and header fields as sent (`name: value\r\n` each), near enough
    /// to enforce the header limit.
    var headerBytes: Int {
        let line = method.rawValue.utf8.count + path.utf8.count
            + query.reduce(0) { $0 + $1.key.utf8.count + $1.value.utf8.count + 2 } + 12
        return headers.reduce(line) { $0 + $1.key.utf8.count + $1.value.utf8.count + 4 }
    }

    /// The key/value pairs of one kind (headers, query arguments) of an MHD connection.
    static func values(of connection: OpaquePointer, kind: MHD_ValueKind, lowercaseKeys: Bool) -> [String: String] {
        final class Collector {
            var values: [String: String] = [:]
            let lowercaseKeys: Bool
            init(lowercaseKeys: Bool) { self.lowercaseKeys = lowercaseKeys }
        }
        let collector = Collector(lowercaseKeys: lowercaseKeys)
        withExtendedLifetime(collector) {
            _ = MHD_get_connection_values(connection, kind, { cls, _, key, value in
                guard let cls, let key else { return .YES }
                let collector = Unmanaged<Collector>.fromOpaque(cls).takeUnretainedValue()
                var name = String(cString: key)
                if collector.lowercaseKeys { name = name.lowercased() }
                let text = value.map { String(cString: $0) } ?? ""
                if let existing = collector.values[name] {
                    collector.values[name] = existing + ", " + text
                } else {
                    collector.values[name] = text
                }
                return .YES
            }, Unmanaged.passUnretained(collector).toOpaque())
        }
        return collector.values
    }
}

/// Hands a handler's response from its Task to the waiting connection thread.
final class ResponseSlot: @unchecked Sendable {
    // @unchecked: `response` is only read and written under `lock`.
    private let lock = NSLock()
    private var response: HTTPResponse?

    func store(_ value: HTTPResponse) {
        lock.lock()
        response = value
        lock.unlock()
    }

    func take() -> HTTPResponse? {
        lock.lock()
        defer { lock.unlock() }
        return response
    }
}
