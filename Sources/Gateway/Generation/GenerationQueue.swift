import Dispatch
import Foundation

/// The bounded queue that owns generation: at most `concurrency` jobs run at once (each on its
/// own thread, off Swift's cooperative pool), at most `capacity` wait. A full queue refuses at
/// once with ``GatewayError/generationQueueFull(capacity:retryAfterSeconds:)`` (HTTP 503 with
/// Retry-After). A waiting job whose request is cancelled leaves the queue; a running one sees
/// the cancellation through its own progress callback.
public final class GenerationQueue: @unchecked Sendable {
    // @unchecked: `running`, `waiting`, `averageSeconds` and `nextTicket` change only under `lock`.
    private let lock = NSLock()
    private var running = 0
    private var waiting: [(ticket: Int, continuation: CheckedContinuation<Void, any Error>)] = []
    private var nextTicket = 0
    private var averageSeconds: Double
    /// Jobs that may run at once.
    public let concurrency: Int
    /// Jobs that may wait.
    public let capacity: Int
    private let depthObserver: (@Sendable (Int) -> Void)?

    /// - Parameters:
    ///   - expectedJobSeconds: the first Retry-After estimate, before any job has been timed.
    ///   - depthObserver: told the depth (running + waiting) whenever it changes (metrics).
    public init(concurrency: Int = 1, capacity: Int = 8, expectedJobSeconds: Double = 5,
                depthObserver: (@Sendable (Int) -> Void)? = nil) {
        self.concurrency = max(1, concurrency)
        self.capacity = max(0, capacity)
        self.averageSeconds = expectedJobSeconds
        self.depthObserver = depthObserver
    }

    /// Jobs running plus waiting.
    public var depth: Int {
        lock.lock()
        defer { lock.unlock() }
        return running + waiting.count
    }

    /// Seconds a caller refused now should wait: the queue's expected drain time, at least 1.
    public var retryAfterSeconds: Int {
        lock.lock()
        defer { lock.unlock() }
        return retryAfterLocked()
    }

    private func retryAfterLocked() -> Int {
        max(1, Int((averageSeconds * Double(running + waiting.count) / Double(concurrency)).rounded(.up)))
    }

    /// Waits for a slot (or throws when the queue is full or `cancellation` fires while
    /// waiting), then runs `work` on a thread of its own and returns its result.
    public func run<T: Sendable>(cancellation: RequestCancellation,
                                 _ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await acquire(cancellation: cancellation)
        if cancellation.isCancelled {
            release(seconds: nil)
            throw GatewayError.generationCancelled(stage: "queue")
        }
        let start = DispatchTime.now().uptimeNanoseconds
        let result: Result<T, any Error> = await withCheckedContinuation { continuation in
            Thread {
                continuation.resume(returning: Result { try work() })
            }.start()
        }
        release(seconds: Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        return try result.get()
    }

    private func acquire(cancellation: RequestCancellation) async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            lock.lock()
            if running < concurrency {
                running += 1
                let depth = running + waiting.count
                lock.unlock()
                depthObserver?(depth)
                continuation.resume()
                return
            }
            guard waiting.count < capacity else {
                let retry = retryAfterLocked()
                lock.unlock()
                continuation.resume(throwing: GatewayError.generationQueueFull(capacity: capacity, retryAfterSeconds: retry))
                return
            }
            let ticket = nextTicket
            nextTicket += 1
            waiting.append((ticket, continuation))
            let depth = running + waiting.count
            lock.unlock()
            depthObserver?(depth)
            cancellation.onCancel { [weak self] in self?.abandon(ticket: ticket) }
        }
    }

    /// A cancelled waiter leaves the queue (a granted one finds out from its cancellation).
    private func abandon(ticket: Int) {
        lock.lock()
        guard let index = waiting.firstIndex(where: { $0.ticket == ticket }) else { lock.unlock(); return }
        let entry = waiting.remove(at: index)
        let depth = running + waiting.count
        lock.unlock()
        depthObserver?(depth)
        entry.continuation.resume(throwing: GatewayError.generationCancelled(stage: "queue"))
    }

    /// Hands the slot to the next waiter, or frees it.
    private func release(seconds: Double?) {
        lock.lock()
        if let seconds { averageSeconds = 0.7 * averageSeconds + 0.3 * seconds }
        var next: CheckedContinuation<Void, any Error>?
        if waiting.isEmpty {
            running -= 1
        } else {
            next = waiting.removeFirst().continuation
        }
        let depth = running + waiting.count
        lock.unlock()
        depthObserver?(depth)
        next?.resume()
    }
}
