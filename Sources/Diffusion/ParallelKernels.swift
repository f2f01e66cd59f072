
import CUNetKernels
import Tensor

/// Splits the UNet's non-sgemm loops (group norm, softmax) over the BLAS thread count, when the
/// work is large enough to pay for the hand-off. Tasks must touch disjoint memory.
enum ParallelKernels {
    /// Elements below which a loop stays on the calling thread.
    static let minimumParallelWork = 16_384

    /// True inside one sample's forward of a sample-parallel evaluation (`UNet.forward`): the
    /// kernels then stay on their thread, since the other sample occupies the other one.
    @TaskLocal static var serial = false

    static var threads: Int { serial ? 1 : max(1, OpenBLASRuntime.threadCount) }

    /// Runs `body(0..<count)`, in parallel when `work` (elements touched) is large.
    static func forEach(_ count: Int, work: Int, _ body: (Int) -> Void) {
        guard count > 1, threads > 1, work >= minimumParallelWork else {
            for i in 0..<count { body(i) }
            return
        }
        ParallelFor.run(count, body)
    }

    /// Row softmax (`CUNetKernels`' vectorised `warden_unet_softmax`, the same polynomial exp as
    /// `Tensor.fastExp`), rows split into one chunk per thread.
    static func softmax(_ x: UnsafeMutablePointer<Float>, rows: Int, width: Int) {
        let chunks = rows * width >= minimumParallelWork ? min(threads, rows) : 1
        let per = (rows + chunks - 1) / max(chunks, 1)
        forEach(chunks, work: rows * width) { chunk in
            let start = chunk * per, end = min(rows, start + per)
            if end > start { warden_unet_softmax(x + start * width, Int32(end - start), Int32(width)) }
        }
    }
}
