import CUNetKernels
import Tensor

/// Splits the UNet's kernels (convolutions, group norm, attention, softmax) over the BLAS thread
/// count, when the work is large enough to pay for the hand-off. Tasks must touch disjoint memory.
enum ParallelKernels {
    /// Elements below which a loop stays on the calling thread.
    static let minimumParallelWork = 16_384

    /// True inside one sample's forward of a sample-parallel evaluation (`UNet.forward`): the
    /// kernels then stay on their thread, since the other sample occupies the other one.
    @TaskLocal static var serial = false

    static var threads: Int { serial ? 1 : max(1, OpenBLASRuntime.threadCount) }

    /// Runs `body(0..<count)`, in parallel when `work` (elements touched) is large.
    static func forEach(_ count: Int, work: Int, _ body: @escaping (Int) -> Void) {
        guard count > 1, threads > 1, work >= minimumParallelWork else {
            for i in 0..<count { body(i) }
            return
        }
        run(count, body)
    }

    /// Chunks to cut `units` independent pieces of work into (rows, column blocks, planes): one on
    /// one thread; else a few per thread, taken one at a time, so the calling thread keeps taking
    /// chunks while the other thread starts (or is preempted by another process on a shared
    /// machine) instead of waiting for it with half of the layer.
    static func chunkCount(_ units: Int) -> Int {
        threads == 1 ? 1 : max(1, min(units, 4 * threads))
    }

    /// Runs `body(i)` for `i` in `0..<count` and returns when all are done: on the calling thread
    /// alone when `threads` is 1; with Tensor's kernel worker on 2 threads (this project's machines) while
    /// it takes work; else with `ParallelFor`. Chunks must touch disjoint memory. `body` is
    /// escaping only because the worker may release its copy a moment after `run` returns.
    static func run(_ count: Int, _ body: @escaping (Int) -> Void) {
        if count <= 1 || threads == 1 {
            for i in 0..<count { body(i) }
        } else if threads == 2 && Tensor.shareWithWorker(count, body) {
            return
        } else {
            ParallelFor.run(count, body)
        }
    }

    /// Row softmax (`CUNetKernels`' vectorised `warden_unet_softmax`, the same polynomial exp as
    /// `Tensor.fastExp`), rows split into chunks.
    static func softmax(_ x: UnsafeMutablePointer<Float>, rows: Int, width: Int) {
        let chunks = rows * width >= minimumParallelWork ? chunkCount(rows) : 1
        let per = (rows + chunks - 1) / max(chunks, 1)
        forEach(chunks, work: rows * width) { chunk in
            let start = chunk * per, end = min(rows, start + per)
            if end > start { warden_unet_softmax(x + start * width, Int32(end - start), Int32(width)) }
        }
    }
}
