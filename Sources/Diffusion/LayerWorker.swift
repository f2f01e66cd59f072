import Foundation
import Synchronization

/// A second thread that shares the chunks of the UNet's layers with the calling thread.
///
/// A forward is ~100 layers of 20 µs-2 ms each. Waking a Dispatch worker for each of them cost a
/// wake-up per layer, and a fixed split in two halves waits for the slower thread: on a shared
/// machine one that is descheduled holds up the layer for a whole time slice. Here a layer is
/// cut into chunks (rows, columns, heads) that both threads take from one counter: the calling
/// thread never waits for the worker to start (a worker that arrives late finds no chunks left),
/// only for a chunk the worker has already taken. The worker spins a short while after each
/// layer, so the next one finds it awake, and then sleeps until the next forward.
/// One layer at a time: a caller that finds the worker busy (another request) runs its chunks
/// alone, so concurrent requests never wait on each other.
final class LayerWorker: Sendable {
    /// The process's one worker (created on first use; it parks when idle).
    static let shared = LayerWorker()

    /// How long the worker spins for the next layer before it sleeps.
    static let spinNanoseconds: UInt64 = 300_000

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
    private let job = Mutex<Job?>(nil)
    private let wake = NSCondition()

    private init() {
        let thread = Thread { [self] in loop() }
        thread.name = "warden-unet-layer-worker"
        thread.qualityOfService = .userInteractive
        thread.start()
    }

    /// Runs `body(i)` for `i` in `0..<count` on the calling thread and the worker, and returns
    /// when every chunk is done. `body` is escaping because the worker may still hold it (never
    /// call it) after `run` returns.
    func run(_ count: Int, _ body: @escaping (Int) -> Void) {
        guard count > 1, busy.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged else {
            for i in 0..<count { body(i) }
            return
        }
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
            spins += 1
            if spins > 2_000 { sched_yield() }
        }
        busy.store(false, ordering: .releasing)
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
                spins &+= 1
                if spins & 63 == 0, DispatchTime.now().uptimeNanoseconds - spinStart > LayerWorker.spinNanoseconds {
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
