import Dispatch
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Waits for SIGINT or SIGTERM without a signal handler that touches Swift state: the signals
/// are ignored at the process level and observed by Dispatch signal sources instead.
public enum ShutdownSignal {
    /// Suspends until one of `signals` arrives and returns it. The signals stay ignored and
    /// observed afterwards (a second signal during shutdown is a no-op): cancelling the sources
    /// or restoring `SIG_DFL` lets a copy of the signal still pending in libdispatch's signalfd
    /// path kill the process before shutdown finishes (seen with SIGTERM on Linux).
    public static func wait(for signals: [Int32] = [SIGINT, SIGTERM]) async -> Int32 {
        await withCheckedContinuation { (continuation: CheckedContinuation<Int32, Never>) in
            let queue = DispatchQueue(label: "warden.shutdown-signal")
            let waiter = Waiter(continuation: continuation, signals: signals)
            for number in signals {
                signal(number, SIG_IGN)
                let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
                source.setEventHandler { waiter.fire(number) }
                waiter.keep(source)
                source.resume()
            }
        }
    }

    /// Resumes the continuation once; keeps the sources alive for the rest of the process.
    final class Waiter: @unchecked Sendable {
        // @unchecked: all state is read and written under `lock`.
        private let lock = NSLock()
        private var continuation: CheckedContinuation<Int32, Never>?
        private var sources: [any DispatchSourceSignal] = []
        private let signals: [Int32]

        init(continuation: CheckedContinuation<Int32, Never>, signals: [Int32]) {
            self.continuation = continuation
            self.signals = signals
        }

        func keep(_ source: any DispatchSourceSignal) {
            lock.lock()
            sources.append(source)
            lock.unlock()
        }

        func fire(_ number: Int32) {
            lock.lock()
            let pending = continuation
            continuation = nil
            lock.unlock()
            pending?.resume(returning: number)
        }
    }
}
