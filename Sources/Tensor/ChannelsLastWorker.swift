import CHalfGEMM
import Dispatch
import Foundation
import Synchronization

/// The second thread of the channels-last convolutions: it takes work items of a layer from the
/// same atomic counter as the calling thread, and the caller never waits for it to start.
///
/// ``KernelWorker`` joins on the worker having run its job; on a machine where other processes
/// keep both cores busy, a worker that is woken late (or descheduled) then holds up every one of a
/// network's fifty layers for a scheduler time slice. Here the caller posts the layer, works
/// through the items itself and waits only for items already taken: a late worker finds none
/// left and returns without touching the buffers. The job keeps its ``SharedLayer`` (problem and
/// counters) alive, so a late worker never reads freed memory. One job at a time: while the
/// worker is still on an earlier job, `post` declines and the caller runs the layer alone.
final class ChannelsLastWorker: Sendable {
    /// The process's one worker (created on first use; it parks when idle).
    static let shared = ChannelsLastWorker()

    /// How long the worker spins for the next job before it sleeps: longer than the gaps between
    /// the layers of one forward pass (pooling, padding), shorter than an idle request loop.
    static let spinNanoseconds: UInt64 = 300_000

    private let posted = Atomic<Int>(0)
    private let busy = Atomic<Bool>(false)
    private let job = Mutex<(@Sendable () -> Void)?>(nil)
    private let wake = NSCondition()

    private init() {
        let thread = Thread { [self] in loop() }
        thread.name = "warden-conv-worker"
        thread.qualityOfService = .userInteractive
        thread.start()
    }

    /// Hands `work` to the worker thread and returns at once; false when the worker is still busy
    /// with an earlier job (then `work` is not run by it).
    func post(_ work: @escaping @Sendable () -> Void) -> Bool {
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
        while true {
            let spinStart = DispatchTime.now().uptimeNanoseconds
            var spins = 0
            while posted.load(ordering: .acquiring) == seen {
                spins &+= 1
                if spins & 63 == 0,
                   DispatchTime.now().uptimeNanoseconds - spinStart > Self.spinNanoseconds {
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
            busy.store(false, ordering: .releasing)
        }
    }
}

/// One layer's problem and item counters on the heap, shared by the caller and the worker.
/// `@unchecked Sendable`: the counters are only touched through the C atomics, and the problem is
/// not mutated after construction.
final class SharedLayer: @unchecked Sendable {
    let problem: UnsafeMutablePointer<warden_clconv_problem>
    let counters: UnsafeMutablePointer<Int32>   // [next item, done items]
    let itemCount: Int32

    init(_ problem: warden_clconv_problem) {
        self.problem = .allocate(capacity: 1)
        self.problem.initialize(to: problem)
        counters = .allocate(capacity: 2)
        counters.initialize(repeating: 0, count: 2)
        itemCount = warden_clconv_item_count(self.problem)
    }

    /// Takes and runs items until none is left.
    func work() { warden_clconv_run_shared(problem, counters, counters + 1) }

    /// Returns once every item has been run (by either thread).
    func waitForAll() { warden_clconv_wait(counters + 1, itemCount) }

    deinit {
        problem.deallocate()
        counters.deallocate()
    }
}
