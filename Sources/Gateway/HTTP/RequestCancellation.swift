import Foundation

/// Set when the client that sent a request has gone away (or its work should stop for another
/// reason). The HTTP server cancels it when it sees the connection closed while the handler
/// runs; long work (the generation queue, the diffusion progress callback) checks it and stops.
public final class RequestCancellation: @unchecked Sendable {
    // @unchecked: `cancelled` and `handlers` are only touched under `lock`.
    private let lock = NSLock()
    private var cancelled = false
    private var handlers: [@Sendable () -> Void] = []

    public init() {}

    /// Whether the request has been cancelled.
    public var isCancelled: Bool {
        lock.lock()
        defer { lock.unlock() }
        return cancelled
    }

    /// Cancels once; runs the registered handlers (outside the lock). Later calls do nothing.
    public func cancel() {
        lock.lock()
        guard !cancelled else { lock.unlock(); return }
        cancelled = true
        let toRun = handlers
        handlers = []
        lock.unlock()
        for handler in toRun { handler() }
    }

    /// Runs `handler` when the request is cancelled (right away if it already is).
    public func onCancel(_ handler: @escaping @Sendable () -> Void) {
        lock.lock()
        if cancelled {
            lock.unlock()
            handler()
            return
        }
        handlers.append(handler)
        lock.unlock()
    }
}
