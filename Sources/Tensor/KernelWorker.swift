import CHalfGEMM
import Dispatch
import Foundation
import Synchronization

/// A second thread that stays awake between the many short products of one forward pass.
///
/// A prompt's linear layers take 50-150 µs each; a Dispatch worker woken for each of them
/// arrives too late to help (the caller has usually finished both halves by then). This thread
/// spins for a short while after each job, so the next layer finds it running, and sleeps on a
/// condition variable once the pass is over. One job at a time: a caller that finds it busy
/// (another request's pass) runs its work alone, so concurrent requests never wait on each other.
///
/// Two ways to use it: ``run(_:_:)`` splits work in two fixed halves and joins on the worker's
/// half (the text encoder's linear layers); ``post(_:)`` only hands work over, for callers that
/// share a work counter with the worker and never wait for it to start (the channels-last
/// convolutions: a worker woken late, or descheduled, finds no items left instead of holding up
/// each of a network's fifty layers for a scheduler time slice).
final class KernelWorker: Sendable {
    /// The process's one worker (created on first use; it parks when idle).
    static let shared = KernelWorker()

    /// How long the worker spins for the next job before it sleeps.
    static let spinNanoseconds: UInt64 = 300_000

    private let posted = Atomic<Int>(0)
    private let finished = Atomic<Int>(0)
    private let busy = Atomic<Bool>(false)
    private let job = Mutex<(@Sendable () -> Void)?>(nil)
    private let wake = NSCondition()

    private init() {
        let thread = Thread { [self] in loop() }
        thread.name = "warden-kernel-worker"
        thread.qualityOfService = .userInteractive
        thread.start()
    }

    /// Runs `mine` on the calling thread and `theirs` on the worker at the same time, and returns
    /// when both are done; runs both on the calling thread when the worker is taken.
    func run(_ mine: () -> Void, _ theirs: @escaping @Sendable () -> Void) {
        guard let ticket = post(theirs) else {
            mine()
            theirs()
            return
        }
        mine()
        var spins = 0
        while finished.load(ordering: .acquiring) < ticket {
            warden_spin_pause()
            spins += 1
            if spins > 2_000 { sched_yield() }
        }
    }

    /// Hands `work` to the worker thread and returns at once with its ticket (the worker's count
    /// of finished jobs reaches it when `work` is done); nil when the worker is still busy with
    /// an earlier job, and then `work` is not run by it.
    @discardableResult
    func post(_ work: @escaping @Sendable () -> Void) -> Int? {
        guard busy.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged else { return nil }
        job.withLock { $0 = work }
        let ticket = posted.wrappingAdd(1, ordering: .releasing).newValue
        wake.lock()
        wake.signal()
        wake.unlock()
        return ticket
    }

    private func loop() {
        var seen = 0
        while true {
            let spinStart = DispatchTime.now().uptimeNanoseconds
            var spins = 0
            while posted.load(ordering: .acquiring) == seen {
                warden_spin_pause()
                spins &+= 1
                if spins & 63 == 0,
                   DispatchTime.now().uptimeNanoseconds - spinStart > KernelWorker.spinNanoseconds {
                    wake.lock()
                    while posted.load(ordering: .acquiring) == seen { wake.wait() }
                    wake.unlock()
                    break
                }
            }
            seen = posted.load(ordering: .acquiring)
            let body = job.withLock { current -> (@Sendable () -> Void)? in
                defer { current = nil }
                return current
            }
            body?()
            finished.store(seen, ordering: .releasing)
            busy.store(false, ordering: .releasing)
        }
    }
}

extension Tensor {
    /// Runs two independent pieces of work at once, `first` on the calling thread and `second` on
    /// the kernel worker thread (see `KernelWorker`), and returns when both are done; both run on
    /// the calling thread when the worker is busy with another caller's work.
    public static func runPair(_ first: () -> Void, _ second: @escaping @Sendable () -> Void) {
        KernelWorker.shared.run(first, second)
    }
}
