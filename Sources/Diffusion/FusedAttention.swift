import CUNetKernels
import Tensor

/// One head's scaled dot-product attention as `CUNetKernels`' fused kernel: 8 queries at a time,
/// their scores against every key held in a small scratch (never the T x S matrix), softmax and
/// the value product in registers, written straight into the channel-major output. Queries are
/// split over the BLAS thread count when the head is large enough. On CPUs without AVX-512F the
/// attention block keeps its sgemm path (`isAvailable` is false).
enum FusedAttention {
    static var isAvailable: Bool { warden_attention_vectorised() != 0 }

    /// Largest head dimension the kernel takes.
    static let maximumDepth = Int(WARDEN_ATTENTION_MAX_DEPTH)

    /// Floats of scratch `run` needs for `keys` keys (all threads).
    static func scratchCount(keys: Int) -> Int { ParallelKernels.threads * warden_attention_scratch_count(Int32(keys)) }

    /// `out[d, t] = Σ_s softmax_s(scale · Σ_e q[e, t] k[e, s]) · vt[s, d]` for t < `queries`.
    /// Rows: q and out have `depth` rows (strides `qStride`, `outStride`) of queries, k `depth`
    /// rows (`kStride`) of `keys` values, vt `keys` rows (`vtStride`) of `depth` values.
    static func run(q: UnsafePointer<Float>, qStride: Int, k: UnsafePointer<Float>, kStride: Int,
                    vt: UnsafePointer<Float>, vtStride: Int, depth: Int, keys: Int, queries: Int, scale: Float,
                    out: UnsafeMutablePointer<Float>, outStride: Int, scratch: UnsafeMutablePointer<Float>,
                    isa: String? = nil) {
        precondition(depth <= maximumDepth, "attention: head dimension \(depth) > \(maximumDepth)")
        let flops = 4 * queries * keys * depth
        let tasks = flops >= DirectConvolution.minimumParallelFLOPs ? min(ParallelKernels.threads, max(1, queries / 8)) : 1
        // (one chunk, and one scratch, per thread: the kernel's scratch is sized per thread)
        let per = (queries / 8 + tasks - 1) / tasks * 8
        let scratchPer = warden_attention_scratch_count(Int32(keys))
        ParallelKernels.run(tasks) { task in
            let begin = Int32(task * per), end = Int32(task == tasks - 1 ? queries : min(queries, (task + 1) * per))
            _ = warden_attention_run_isa(isa ?? "avx512f", q, qStride, k, kStride, vt, vtStride, Int32(depth),
                                         Int32(keys), scale, out, outStride, scratch + task * scratchPer, begin, end)
        }
    }

    /// `dst[c · dstStride + r] = src[r · srcStride + c]`.
    static func transpose(_ src: UnsafePointer<Float>, srcStride: Int, rows: Int, columns: Int,
                          into dst: UnsafeMutablePointer<Float>, dstStride: Int) {
        warden_transpose(src, srcStride, Int32(rows), Int32(columns), dst, dstStride)
    }
}
