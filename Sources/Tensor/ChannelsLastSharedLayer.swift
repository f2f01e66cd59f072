import CHalfGEMM

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
