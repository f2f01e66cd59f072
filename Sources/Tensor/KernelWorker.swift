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
/// Nothing is ever waited for before the worker has started it: ``share(_:_:)`` (the text
/// encoder's linear layers) and ``run(_:_:)`` (two attention halves) put work where either thread
/// can take it, and ``post(_:)`` only hands work over, for callers that keep their own counter
/// (the channels-last convolutions). A worker woken late, or descheduled because another process
/// holds the other core, finds nothing left instead of holding up each of a network's many layers
/// for a scheduler time slice. (With a fixed half per thread, a prompt took 11 ms instead of
/// 1.7 ms while another process kept the second core busy.)
final class KernelWorker: Sendable {
    /// The process's one worker (created on first use; it parks when idle).
    static let shared = KernelWorker()

    /// How long the worker spins for the next job before it sleeps.
    static let spinNanoseconds: UInt64 = 300_000

    private let posted = Atomic<Int>(0)
    private let busy = Atomic<Bool>(false)
    private let job = Mutex<(@Sendable () -> Bool)?>(nil)
    private let wake = NSCondition()

    private init() {
        let thread = Thread { [self] in loop() }
        thread.name = "warden-kernel-worker"
        thread.qualityOfService = .userInteractive
        thread.start()
    }

    /// Runs `mine` on the calling thread and offers `theirs` to the worker, and returns when both
    /// are done. Whichever thread comes for `theirs` first runs it: the worker, if it is free and
    /// gets a core in time, or else the caller itself after `mine`. So a worker that is busy, or
    /// descheduled because another process holds the other core, never holds the caller up by
    /// more than the piece it has already started.
    func run(_ mine: () -> Void, _ theirs: @escaping @Sendable () -> Void) {
        let piece = SharedChunks(count: 1)
        post { piece.drain { _ in theirs() } > 0 }
        mine()
        piece.drain { _ in theirs() }
        piece.waitForAll()
    }

    /// Runs `body(0) ... body(count - 1)`, each exactly once, on the calling thread and the worker
    /// together: both take chunk indices from one counter, and the caller waits only for chunks
    /// the worker has already taken. With the worker busy or late, the caller runs them all.
    func share(_ count: Int, _ body: @escaping @Sendable (Int) -> Void) {
        guard count > 1 else {
            if count == 1 { body(0) }
            return
        }
        let chunks = SharedChunks(count: count)
        post { chunks.drain(body) > 0 }
        chunks.drain(body)
        chunks.waitForAll()
    }

    /// Hands `work` to the worker thread and returns at once: true when the worker took it, false
    /// when it is still busy with an earlier job (then `work` is not run by it). `work` returns
    /// whether it found anything to do; a worker that came too late parks at once instead of
    /// spinning for the next job, since it is evidently not getting a core of its own (another
    /// process holds it) and its spinning would only take time from the caller.
    @discardableResult
    func post(_ work: @escaping @Sendable () -> Bool) -> Bool {
        guard busy.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged else { return false }
        job.withLock { $0 = work }
        posted.wrappingAdd(1, ordering: .releasing)
        wake.lock()
        wake.signal()
        wake.unlock()
        return true
    }

    private func loop() {
        var seen = 0
        var useful = false
        while true {
            let spinStart = DispatchTime.now().uptimeNanoseconds
            var spins = 0
            while posted.load(ordering: .acquiring) == seen {
                warden_spin_pause()
                spins &+= 1
                let spunOut = spins & 63 == 0
                    && DispatchTime.now().uptimeNanoseconds - spinStart > KernelWorker.spinNanoseconds
                if !useful || spunOut {   // came too late last time: park at once
                    wake.lock()
                    while posted.load(ordering: .acquiring) == seen { wake.wait() }
                    wake.unlock()
                    break
                }
            }
            seen = posted.load(ordering: .acquiring)
            let body = job.withLock { current -> (@Sendable () -> Bool)? in
                defer { current = nil }
                return current
            }
            useful = body?() ?? false
            busy.store(false, ordering: .releasing)
        }
    }
}

extension Tensor {
    /// Runs two independent pieces of work at once, `first` on the calling thread and `second` on
    /// the kernel worker thread (see `KernelWorker`), and returns when both are done; both run on
    /// the calling thread when the worker is busy with another caller's work or has not started
    /// `second` by the time `first` is done.
    public static func runPair(_ first: () -> Void, _ second: @escaping @Sendable () -> Void) {
        KernelWorker.shared.run(first, second)
    }
}

/// A count of chunks taken by a caller and the kernel worker from one counter.
final class SharedChunks: Sendable {
    let count: Int
    private let next = Atomic<Int>(0)
    private let done = Atomic<Int>(0)

    init(count: Int) { self.count = count }

    /// Takes and runs chunks until none is left; returns how many this thread ran.
    @discardableResult
    func drain(_ body: (Int) -> Void) -> Int {
        var ran = 0
        while true {
            let index = next.wrappingAdd(1, ordering: .relaxed).oldValue
            guard index < count else { return ran }
            body(index)
            done.wrappingAdd(1, ordering: .releasing)
            ran += 1
        }
    }

    /// Returns once every chunk has been run (spinning with a pause, then yielding the core).
    func waitForAll() {
        var spins = 0
        while done.load(ordering: .acquiring) < count {
            warden_spin_pause()
            spins += 1
            if spins > 2_000 { sched_yield() }
        }
    }
}
