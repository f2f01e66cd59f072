import CHalfGEMM

/// One layer's problem and claim word on the heap, shared by the caller and the worker.
/// `@unchecked Sendable`: the claim word is only touched through the C atomics, and the problem is
/// not mutated after construction.
final class SharedLayer: @unchecked Sendable {
    let problem: UnsafeMutablePointer<warden_clconv_problem>
    let claims: UnsafeMutablePointer<UInt64>    // front claims (low 32 bits), back claims (high 32 bits)

    init(_ problem: warden_clconv_problem) {
        self.problem = .allocate(capacity: 1)
        self.problem.initialize(to: problem)
        claims = .allocate(capacity: 1)
        claims.initialize(to: 0)
    }

    /// Takes and runs items until none is left, from the front (the first pixel blocks) or from
    /// the back; with one thread at each end, so that each core writes, and the next layer
    /// reads, mostly its own stretch of the image.
    /// Returns how many items this thread ran.
    @discardableResult
    func work(fromBack: Bool) -> Int32 { warden_clconv_run_shared_ends(problem, claims, fromBack ? 1 : 0) }

    deinit {
        problem.deallocate()
        claims.deallocate()
    }
}
