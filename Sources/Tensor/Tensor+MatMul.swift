import COpenBLAS

extension Tensor {
    /// Matrix product over the last two dimensions, batched over the leading ones.
    ///
    /// `self` is `[..., M, K]` (or `[..., K, M]` with `transposeSelf`), `other` is `[..., K, N]`
    /// (or `[..., N, K]` with `transposeOther`). The batch dimensions must be equal, or `other`
    /// may be rank 2 and is then shared by every batch entry. Returns `[..., M, N]`.
    public func matmul(_ other: Tensor, transposeSelf: Bool = false, transposeOther: Bool = false) -> Tensor {
        precondition(rank >= 2 && other.rank >= 2, "matmul: needs rank >= 2, got \(shape) and \(other.shape)")
        let batchShape = Array(shape.dropLast(2))
        let otherBatch = Array(other.shape.dropLast(2))
        precondition(otherBatch == batchShape || otherBatch.isEmpty,
                     "matmul: batch dimensions of \(shape) and \(other.shape) differ")
        let m = transposeSelf ? shape[rank - 1] : shape[rank - 2]
        let k = transposeSelf ? shape[rank - 2] : shape[rank - 1]
        let otherK = transposeOther ? other.shape[other.rank - 1] : other.shape[other.rank - 2]
        let n = transposeOther ? other.shape[other.rank - 2] : other.shape[other.rank - 1]
        precondition(k == otherK,
                     "matmul: inner dimensions differ: \(shape)\(transposeSelf ? "ᵀ" : "") · \(other.shape)\(transposeOther ? "ᵀ" : "")")
        let batches = Tensor.count(of: batchShape)
        var result = Tensor(zeros: batchShape + [m, n])
        guard m > 0, n > 0 else { return result }
        let otherStride = otherBatch.isEmpty ? 0 : k * n
        data.withUnsafeBufferPointer { a in
            other.data.withUnsafeBufferPointer { b in
                result.data.withUnsafeMutableBufferPointer { c in
                    guard k > 0 else { return }
                    for batch in 0..<batches {
                        cblas_sgemm(CblasRowMajor, transposeSelf ? CblasTrans : CblasNoTrans,
                                    transposeOther ? CblasTrans : CblasNoTrans,
                                    Int32(m), Int32(n), Int32(k), 1,
                                    a.baseAddress! + batch * m * k, Int32(transposeSelf ? m : k),
                                    b.baseAddress! + batch * otherStride, Int32(transposeOther ? k : n),
                                    0, c.baseAddress! + batch * m * n, Int32(n))
                    }
                }
            }
        }
        return result
    }
}
