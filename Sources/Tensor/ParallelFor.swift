import Dispatch

/// `DispatchQueue.concurrentPerform` for loops over raw buffers: numeric kernels split work into
/// tasks that write disjoint memory, which the compiler cannot see through pointers, so the
/// body is handed to the worker threads unchecked. Callers guarantee the tasks do not race.
public enum ParallelFor {
    private struct UncheckedBody: @unchecked Sendable {
        let body: (Int) -> Void
    }

    /// Runs `body(i)` for `i` in `0..<count`, on up to `count` threads at once; returns when all are done.
    public static func run(_ count: Int, _ body: (Int) -> Void) {
        guard count > 1 else {
            if count == 1 { body(0) }
            return
        }
        withoutActuallyEscaping(body) { escapable in
            let unchecked = UncheckedBody(body: escapable)
            DispatchQueue.concurrentPerform(iterations: count) { unchecked.body($0) }
        }
    }
}
