import CHalfGEMM
import Dispatch
import Foundation
import Synchronization

/// The process's one second thread for the many short layers of a forward pass (the text
/// encoder's products, the open_nsfw and UNet convolutions, attention), on a machine where
/// nothing else runs.
///
/// A UNet forward is ~110 layers of 20 µs-2 ms each, a prompt's linear layers 50-150 µs each; a
/// Dispatch worker woken for each of them arrives some 10-30 µs into the layer. This thread spins
/// a short while after each layer, so the next one finds it awake, and takes chunks (rows, column
/// panels, heads, pixel blocks) from one counter with the calling thread: the caller never waits
/// for it to start, only for a chunk it has already taken. (With a fixed half per thread, a
/// prompt took 11 ms instead of 1.7 ms while another process kept the second core busy.)
///
/// While another process holds a core, a spinning thread takes CPU from the caller (measured:
/// upsampler forward 38-46 ms on 2 threads against 33 ms on one, with a training job on the other
/// core). So the caller compares its wall time with its own CPU time over every `window` layers:
/// when it was off the CPU for more than a fifth of the time, the worker sits out the next
/// `restLayers` layers (`run` returns false: the caller runs the chunks itself, or the UNet on
/// `ParallelFor`, whose idle threads sleep) and parks. One layer at a time: a caller that finds the worker busy (another request)
/// gets false too, so concurrent requests never wait on each other.
final class KernelWorker: Sendable {
    /// The process's one worker (created on first use; it parks when idle).
    static let shared = KernelWorker()

    /// How long the worker spins for the next layer before it sleeps.
    static let spinNanoseconds: UInt64 = 300_000
    /// Layers per check of the caller's wall against CPU time, and layers sat out after a bad one.
    static let window = 32
    static let restLayers = 512

    /// What the caller holding `busy` keeps between layers.
    private struct CallerRecord {
        var layers = 0
        var wallNanoseconds: UInt64 = 0
        var cpuNanoseconds: UInt64 = 0
        var resting = 0
    }

    private struct Job: @unchecked Sendable {
        var sequence: Int
        var count: Int
        var body: (Int) -> Void
    }

    private let busy = Atomic<Bool>(false)
    private let published = Atomic<Int>(0)
    /// `sequence << 32 | next chunk` of the current job: a claim only succeeds for the job it read.
    private let claims = Atomic<Int>(0)
    private let finishedByWorker = Atomic<Int>(0)
    private let parked = Atomic<Bool>(false)
    private let record = Mutex(CallerRecord())
    private let job = Mutex<Job?>(nil)
    private let wake = NSCondition()

    private init() {
        let thread = Thread { [self] in loop() }
        thread.name = "warden-kernel-worker"
        thread.qualityOfService = .userInteractive
        thread.start()
    }

    /// Runs `body(i)` for `i` in `0..<count` on the calling thread and the worker, and returns
    /// true when every chunk is done; returns false at once, having run nothing, when the worker
    /// is busy with another caller or sitting out. `body` is escaping because the worker may still
    /// hold it (never call it) after `run` returns.
    func run(_ count: Int, _ body: @escaping (Int) -> Void) -> Bool {
        guard busy.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged else { return false }
        let resting = record.withLock { r -> Bool in
            guard r.resting > 0 else { return false }
            r.resting -= 1
            return true
        }
        if resting {
            busy.store(false, ordering: .releasing)
            return false
        }
        let wallStart = DispatchTime.now().uptimeNanoseconds, cpuStart = KernelWorker.threadCPUNanoseconds()
        let sequence = (published.load(ordering: .relaxed) + 1) & 0x7fff_ffff   // 31 bits, so `<< 32` fits
        finishedByWorker.store(0, ordering: .relaxed)
        claims.store(sequence << 32, ordering: .relaxed)
        job.withLock { $0 = Job(sequence: sequence, count: count, body: body) }
        published.store(sequence, ordering: .sequentiallyConsistent)
        if parked.load(ordering: .sequentiallyConsistent) {
            wake.lock()
            wake.signal()
            wake.unlock()
        }
        var mine = 0
        while let i = claim(sequence: sequence, count: count) {
            body(i)
            mine += 1
        }
        var spins = 0
        while finishedByWorker.load(ordering: .acquiring) < count - mine {
            warden_spin_pause()
            spins += 1
            if spins > 2_000 { sched_yield() }
        }
        let wall = DispatchTime.now().uptimeNanoseconds - wallStart
        let cpu = KernelWorker.threadCPUNanoseconds() &- cpuStart
        record.withLock { r in
            r.layers += 1
            r.wallNanoseconds += wall
            r.cpuNanoseconds += cpu
            if r.layers == KernelWorker.window {
                if r.wallNanoseconds * 4 > r.cpuNanoseconds * 5 { r.resting = KernelWorker.restLayers }
                r = CallerRecord(resting: r.resting)
            }
        }
        busy.store(false, ordering: .releasing)
        return true
    }

    /// The calling thread's CPU time.
    private static func threadCPUNanoseconds() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
    }

    /// The next unclaimed chunk of job `sequence`, or nil when none is left (or the job is over).
    private func claim(sequence: Int, count: Int) -> Int? {
        var current = claims.load(ordering: .relaxed)
        while current >> 32 == sequence && current & 0xffff_ffff < count {
            let (exchanged, original) = claims.compareExchange(expected: current, desired: current + 1,
                                                               ordering: .acquiringAndReleasing)
            if exchanged { return current & 0xffff_ffff }
            current = original
        }
        return nil
    }

    private func loop() {
        var seen = 0
        while true {
            let spinStart = DispatchTime.now().uptimeNanoseconds
            var spins = 0
            while published.load(ordering: .acquiring) == seen {
                warden_spin_pause()
                spins &+= 1
                if spins & 63 == 0, DispatchTime.now().uptimeNanoseconds - spinStart > KernelWorker.spinNanoseconds {
                    wake.lock()
                    parked.store(true, ordering: .sequentiallyConsistent)
                    while published.load(ordering: .sequentiallyConsistent) == seen { wake.wait() }
                    parked.store(false, ordering: .relaxed)
                    wake.unlock()
                    break
                }
            }
            seen = published.load(ordering: .acquiring)
            guard let current = job.withLock({ $0 }), current.sequence == seen else { continue }
            while let i = claim(sequence: current.sequence, count: current.count) {
                current.body(i)
                finishedByWorker.add(1, ordering: .releasing)
            }
        }
    }
}

extension Tensor {
    /// Runs `body(i)` for `i` in `0..<count` on the calling thread and the ``KernelWorker``
    /// together and returns true when every chunk is done; returns false at once, having run
    /// nothing, when the worker is busy with another caller or sitting out (the caller then runs
    /// the chunks itself or on other threads). Chunks must touch disjoint memory.
    public static func shareWithWorker(_ count: Int, _ body: @escaping (Int) -> Void) -> Bool {
        KernelWorker.shared.run(count, body)
    }

    /// Runs two independent pieces of work, on the calling thread and the kernel worker when it is
    /// free (whichever thread comes first takes either piece), and returns when both are done.
    public static func runPair(_ first: @escaping () -> Void, _ second: @escaping () -> Void) {
        if !KernelWorker.shared.run(2, { $0 == 0 ? first() : second() }) {
            first()
            second()
        }
    }
}
