import Dispatch
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Waits for SIGINT or SIGTERM without a signal handler that touches Swift state: the signals
/// are ignored at the process level and observed by Dispatch signal sources instead.
public enum ShutdownSignal {
    /// Suspends until one of `signals` arrives and returns it. Afterwards the signals' default
    /// dispositions are restored, so a second Ctrl-C during a slow shutdown ends the process.
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

    /// Resumes the continuation once and tears the sources down.
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
            let finished = sources
            sources = []
            lock.unlock()
            guard let pending else { return }
            for source in finished { source.cancel() }
            for number in signals { signal(number, SIG_DFL) }
            pending.resume(returning: number)
        }
    }
}
