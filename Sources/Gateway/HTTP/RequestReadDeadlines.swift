import Dispatch
import Foundation
import Logging
#if canImport(Glibc)
import Glibc
#endif

/// Total deadlines for reading a request, which libmicrohttpd does not have: its connection
/// timeout counts only idle time, so a client that drips one header byte every few seconds
/// ("slowloris") or one body byte at a time ("slow POST") keeps its connection, and with one
/// thread per connection a thread, for ever; `maxConnections` such clients stop the server.
///
/// Each connection is tracked from libmicrohttpd's connection-started notification:
/// - its request line and headers must be complete within `headerTimeout` of the connection
///   opening (or, on a kept-alive connection, of the previous response plus the idle timeout);
/// - a declared body must then be complete within `bodyTimeout`;
/// - while the handler runs and the response is sent, no read deadline applies (the handler
///   timeout and MHD's idle timeout do).
/// A sweep (every quarter of the shorter timeout, at most once a second) shuts down the socket of
/// every connection past its deadline; libmicrohttpd's connection thread then reads end of stream
/// and closes the connection as if the client had gone. Entries leave the table in the
/// connection-closed notification, which libmicrohttpd sends before it closes the socket, so a
/// socket is never shut down after its descriptor could have been reused.
final class RequestReadDeadlines: @unchecked Sendable {
    // @unchecked: `entries`, `expired` and `timer` are only touched under `lock`.
    /// What the connection is reading when its deadline passes.
    enum Phase: String, Sendable {
        case headers = "request headers"
        case body = "request body"
    }

    private struct Entry {
        var socket: Int32
        var phase: Phase
        var deadline: DispatchTime
    }

    let headerTimeout: Double
    let bodyTimeout: Double
    /// Extra time a kept-alive connection may wait, idle, before its next request starts.
    let keepAliveIdle: Double
    private let logger: Logger
    private let lock = NSLock()
    private var entries: [UInt: Entry] = [:]
    private var expired = 0
    private var timer: DispatchSourceTimer?

    init(headerTimeout: Double, bodyTimeout: Double, keepAliveIdle: Double, logger: Logger) {
        self.headerTimeout = headerTimeout
        self.bodyTimeout = bodyTimeout
        self.keepAliveIdle = keepAliveIdle
        self.logger = logger
    }

    /// How often the sweep runs.
    var sweepInterval: Double { min(1, max(0.05, min(headerTimeout, bodyTimeout) / 4)) }

    /// Starts the periodic sweep on a private queue.
    func start() {
        let source = DispatchSource.makeTimerSource(queue: DispatchQueue(label: "warden.http.read-deadlines"))
        let interval = sweepInterval
        source.schedule(deadline: .now() + interval, repeating: interval, leeway: .milliseconds(20))
        source.setEventHandler { [weak self] in _ = self?.sweep() }
        lock.lock()
        timer = source
        lock.unlock()
        source.resume()
    }

    /// Stops the sweep; pending deadlines are dropped (the daemon is closing every connection).
    func stop() {
        lock.lock()
        let source = timer
        timer = nil
        entries.removeAll()
        lock.unlock()
        source?.cancel()
    }

    /// Connections shut down so far for missing a deadline.
    var expiredCount: Int {
        lock.lock()
        defer { lock.unlock() }
        return expired
    }

    /// Connections tracked now (open ones; the handler phase included).
    var trackedCount: Int {
        lock.lock()
        defer { lock.unlock() }
        return entries.count
    }

    /// A connection was accepted: its first request's headers are due within `headerTimeout`.
    func connectionStarted(_ connection: OpaquePointer, socket: Int32, now: DispatchTime = .now()) {
        guard socket >= 0 else { return }
        update(connection) { entries, key in
            entries[key] = Entry(socket: socket, phase: .headers, deadline: now + headerTimeout)
        }
    }

    /// The request line and headers are in; a body (if declared) is due within `bodyTimeout`.
    func headersReceived(_ connection: OpaquePointer, expectsBody: Bool, now: DispatchTime = .now()) {
        update(connection) { entries, key in
            guard var entry = entries[key] else { return }
            entry.phase = .body
            entry.deadline = expectsBody ? now + bodyTimeout : .distantFuture
            entries[key] = entry
        }
    }

    /// The whole request is in: no read deadline while it is handled and answered.
    func requestReceived(_ connection: OpaquePointer) {
        update(connection) { entries, key in entries[key]?.deadline = .distantFuture }
    }

    /// The response went out; a kept-alive connection's next request must start within the idle
    /// timeout and be complete `headerTimeout` after that.
    func responseCompleted(_ connection: OpaquePointer, now: DispatchTime = .now()) {
        update(connection) { entries, key in
            guard var entry = entries[key] else { return }
            entry.phase = .headers
            entry.deadline = now + keepAliveIdle + headerTimeout
            entries[key] = entry
        }
    }

    /// The connection is closing (its socket is still open until this returns).
    func connectionClosed(_ connection: OpaquePointer) {
        update(connection) { entries, key in entries[key] = nil }
    }

    /// Shuts down the socket of every connection past its deadline; returns how many.
    @discardableResult
    func sweep(now: DispatchTime = .now()) -> Int {
        lock.lock()
        var late: [(Int32, Phase)] = []
        for (key, entry) in entries where entry.deadline < now {
            late.append((entry.socket, entry.phase))
            // Shut down under the lock: the descriptor stays ours until connectionClosed runs.
            shutdown(entry.socket, Int32(SHUT_RDWR))
            entries[key]?.deadline = .distantFuture
        }
        expired += late.count
        lock.unlock()
        for (socket, phase) in late {
            let limit = phase == .headers ? headerTimeout : bodyTimeout
            logger.warning("closed connection (socket \(socket)): \(phase.rawValue) not complete within \(limit) s")
        }
        return late.count
    }

    private func update(_ connection: OpaquePointer, _ body: (inout [UInt: Entry], UInt) -> Void) {
        let key = UInt(bitPattern: Int(bitPattern: UnsafeRawPointer(connection)))
        lock.lock()
        body(&entries, key)
        lock.unlock()
    }
}
