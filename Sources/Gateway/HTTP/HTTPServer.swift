import CMicroHTTPD
import Foundation
import Logging

/// An HTTP/1.1 server on libmicrohttpd that answers every request through a ``Router``.
///
/// libmicrohttpd runs in thread-per-connection mode: each connection's thread collects the
/// request (headers, then the body in pieces, chunked encoding decoded by MHD), starts the
/// route handler as a Swift `Task`, and waits on a semaphore for its response, which it then
/// queues. No state is global: the server's context travels to the C callbacks as an
/// `Unmanaged` pointer, each request's state as MHD's per-request pointer.
/// See Sources/Gateway/README.md for the call sequence.
public final class HTTPServer: Sendable {
    /// The configuration the server was started with.
    public let configuration: HTTPServerConfiguration
    /// The port actually bound (the ephemeral one when `configuration.port` was 0).
    public let port: Int
    private let daemon: DaemonHandle

    /// Binds and starts serving immediately; stop with ``stop()``.
    public init(configuration: HTTPServerConfiguration, router: Router, logger: Logger) throws(GatewayError) {
        guard (0...65535).contains(configuration.port) else { throw .invalidPort(port: configuration.port) }
        for (name, value) in [("headerTimeoutSeconds", configuration.headerTimeoutSeconds),
                              ("bodyTimeoutSeconds", configuration.bodyTimeoutSeconds)]
        where !(value > 0 && value <= 86_400) {
            throw .invalidParameter(name: name, reason: "must be a number of seconds in (0, 86400], got \(value)")
        }
        guard configuration.maxConnectionsPerAddress >= 0 else {
            throw .invalidParameter(name: "maxConnectionsPerAddress",
                                    reason: "must be 0 (no limit) or more, got \(configuration.maxConnectionsPerAddress)")
        }
        let address = try SocketAddress.resolve(host: configuration.host, port: configuration.port)
        let context = ServerContext(router: router, configuration: configuration, logger: logger)
        let handle = DaemonHandle(context: context)
        var flags = MHD_USE_INTERNAL_POLLING_THREAD.rawValue | MHD_USE_THREAD_PER_CONNECTION.rawValue
            | MHD_USE_AUTO.rawValue | MHD_USE_ERROR_LOG.rawValue
        if address.family == AF_INET6 { flags |= MHD_USE_IPv6.rawValue }
        errno = 0
        let started = address.withSockaddr { sockaddr in
            warden_mhd_start(
                flags, sockaddr,
                { cls, connection, url, method, _, uploadData, uploadDataSize, requestPointer in
                    HTTPServer.access(cls: cls, connection: connection, url: url, method: method,
                                      uploadData: uploadData, uploadDataSize: uploadDataSize,
                                      requestPointer: requestPointer)
                },
                handle.contextPointer,
                { cls, connection, requestPointer, _ in
                    HTTPServer.completed(cls: cls, connection: connection, requestPointer: requestPointer)
                },
                handle.contextPointer,
                { cls, connection, _, event in
                    HTTPServer.connectionEvent(cls: cls, connection: connection, event: event)
                },
                handle.contextPointer,
                UInt32(max(1, configuration.connectionTimeoutSeconds)),
                UInt32(max(1, configuration.maxConnections)),
                UInt32(max(0, configuration.maxConnectionsPerAddress)),
                configuration.connectionMemoryBytes,
                handle.logTarget)
        }
        guard let started else {
            let reason = errno != 0 ? String(cString: strerror(errno)) : "libmicrohttpd returned no daemon"
            handle.releaseWithoutDaemon()
            throw .serverStartFailed(host: configuration.host, port: configuration.port, reason: reason)
        }
        handle.attach(started)
        context.deadlines.start()
        self.configuration = configuration
        self.port = Int(warden_mhd_bound_port(started))
        self.daemon = handle
    }

    /// Stops accepting, closes connections and joins their threads (waiting for handlers in
    /// flight). Safe to call more than once; also done when the server is released.
    public func stop() {
        daemon.stop()
    }

    /// Whether the daemon is still running.
    public var isRunning: Bool { daemon.isRunning }
}

/// What the C callbacks need, reached through MHD's `cls` pointer.
final class ServerContext: Sendable {
    let router: Router
    let configuration: HTTPServerConfiguration
    let logger: Logger
    let deadlines: RequestReadDeadlines

    init(router: Router, configuration: HTTPServerConfiguration, logger: Logger) {
        self.router = router
        self.configuration = configuration
        self.logger = logger
        deadlines = RequestReadDeadlines(headerTimeout: configuration.headerTimeoutSeconds,
                                         bodyTimeout: configuration.bodyTimeoutSeconds,
                                         keepAliveIdle: Double(max(1, configuration.connectionTimeoutSeconds)),
                                         logger: logger)
    }
}

/// Owns the MHD daemon pointer, the retained context and the C log target; stops once.
final class DaemonHandle: @unchecked Sendable {
    // @unchecked: `daemon` changes only under `lock`; the pointers below are fixed at init and
    // freed once, after MHD_stop_daemon has joined every thread that could read them.
    private let lock = NSLock()
    private var daemon: OpaquePointer?
    private var released = false
    private let context: Unmanaged<ServerContext>
    let logTarget: UnsafeMutablePointer<warden_mhd_log_target>

    init(context: ServerContext) {
        self.context = Unmanaged.passRetained(context)
        logTarget = UnsafeMutablePointer<warden_mhd_log_target>.allocate(capacity: 1)
        logTarget.initialize(to: warden_mhd_log_target(sink: { cls, message in
            guard let cls, let message else { return }
            let context = Unmanaged<ServerContext>.fromOpaque(cls).takeUnretainedValue()
            let line = String(cString: message).trimmingCharacters(in: .whitespacesAndNewlines)
            context.logger.notice("libmicrohttpd: \(line)")
        }, cls: self.context.toOpaque()))
    }

    var contextPointer: UnsafeMutableRawPointer { context.toOpaque() }

    var isRunning: Bool {
        lock.lock()
        defer { lock.unlock() }
        return daemon != nil
    }

    func attach(_ daemon: OpaquePointer) {
        lock.lock()
        self.daemon = daemon
        lock.unlock()
    }

    func stop() {
        lock.lock()
        defer { lock.unlock() }
        if let daemon {
            MHD_stop_daemon(daemon)
            self.daemon = nil
            context.takeUnretainedValue().deadlines.stop()
        }
        releaseLocked()
    }

    func releaseWithoutDaemon() {
        lock.lock()
        defer { lock.unlock() }
        releaseLocked()
    }

    private func releaseLocked() {
        guard !released else { return }
        released = true
        context.release()
        logTarget.deinitialize(count: 1)
        logTarget.deallocate()
    }

    deinit {
        stop()
    }
}
