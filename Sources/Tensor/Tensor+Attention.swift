import COpenBLAS

extension Tensor {
    /// Multi-head scaled-dot-product attention, `softmax(Q·Kᵀ/√d + mask)·V` per head, in the
    /// layout of BERT-style models: heads side by side in the last dimension.
    ///
    /// - Parameters:
    ///   - query: `[B, T, H·D]`. - key, value: `[B, S, H·D]`.
    ///   - heads: `H`; must divide the last dimension.
    ///   - keyMask: `[B, S]`, 1 where a key may be attended to and 0 where it is masked
    ///     (padding); nil attends to every key. A query whose keys are all masked gets zeros.
    /// - Returns: `[B, T, H·D]`.
    public static func scaledDotProductAttention(query: Tensor, key: Tensor, value: Tensor, heads: Int,
                                                 keyMask: Tensor? = nil) -> Tensor {
        precondition(query.rank == 3 && key.rank == 3 && key.shape == value.shape
                     && query.shape[0] == key.shape[0] && query.shape[2] == key.shape[2],
                     "attention: query \(query.shape), key \(key.shape), value \(value.shape) need [B, T, H·D], [B, S, H·D], [B, S, H·D]")
        let batch = query.shape[0], queryLength = query.shape[1], keyLength = key.shape[1], width = query.shape[2]
        precondition(heads > 0 && width % heads == 0, "attention: \(heads) heads do not divide width \(width) of \(query.shape)")
        if let keyMask {
            precondition(keyMask.shape == [batch, keyLength], "attention: key mask \(keyMask.shape) must be [\(batch), \(keyLength)]")
        }
        var result = Tensor(zeros: query.shape)
        var scores = [Float](repeating: 0, count: max(1, queryLength * keyLength))
        query.data.withUnsafeBufferPointer { q in
            key.data.withUnsafeBufferPointer { k in
                value.data.withUnsafeBufferPointer { v in
                    result.data.withUnsafeMutableBufferPointer { o in
                        scores.withUnsafeMutableBufferPointer { s in
                            let maskOnes = [Float](repeating: 1, count: keyLength)
                            for b in 0..<batch {
                                let maskRow = keyMask.map { Array($0.data[(b * keyLength)..<((b + 1) * keyLength)]) } ?? maskOnes
                                maskRow.withUnsafeBufferPointer { mask in
                                    Tensor.attention(query: q.baseAddress! + b * queryLength * width, queryStride: width,
                                                     key: k.baseAddress! + b * keyLength * width, keyStride: width,
                                                     value: v.baseAddress! + b * keyLength * width, valueStride: width,
                                                     queryLength: queryLength, keyLength: keyLength,
                                                     heads: heads, headDimension: width / heads,
                                                     keyMask: keyMask == nil ? nil : mask.baseAddress,
                                                     scores: s.baseAddress!,
                                                     output: o.baseAddress! + b * queryLength * width, outputStride: width)
                                }
                            }
                        }
                    }
                }
            }
        }
        return result
    }

    /// Pointer form of attention for one sequence. Rows of `query`, `key`, `value` and `output`
    /// are `*Stride` floats apart, so Q, K and V can be column blocks of one fused projection.
    /// `keyMask` (S floats, 1 = attend, 0 = masked) may be nil; `scores` is scratch of `T·S` floats.
    public static func attention(query: UnsafePointer<Float>, queryStride: Int,
                                 key: UnsafePointer<Float>, keyStride: Int,
                                 value: UnsafePointer<Float>, valueStride: Int,
                                 queryLength: Int, keyLength: Int, heads: Int, headDimension: Int,
                                 keyMask: UnsafePointer<Float>?, scores: UnsafeMutablePointer<Float>,
                                 output: UnsafeMutablePointer<Float>, outputStride: Int) {
        guard queryLength > 0, heads > 0, headDimension > 0 else { return }
        guard keyLength > 0 else {
            for t in 0..<queryLength { (output + t * outputStride).update(repeating: 0, count: heads * headDimension) }
            return
        }
        let scale = 1 / Float(headDimension).squareRoot()
        for h in 0..<heads {
            let offset = h * headDimension
            // scores[T, S] = Q_h[T, D] · K_h[S, D]ᵀ / √D
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans,
                        Int32(queryLength), Int32(keyLength), Int32(headDimension), scale,
                        query + offset, Int32(queryStride), key + offset, Int32(keyStride),
                        0, scores, Int32(keyLength))
            if let keyMask {
                for t in 0..<queryLength {
                    let row = scores + t * keyLength
                    for s in 0..<keyLength where keyMask[s] == 0 { row[s] = -.infinity }
                }
            }
            Tensor.softmax(scores, rows: queryLength, width: keyLength)
            // output_h[T, D] = scores[T, S] · V_h[S, D]
            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans,
                        Int32(queryLength), Int32(headDimension), Int32(keyLength), 1,
                        scores, Int32(keyLength), value + offset, Int32(valueStride),
                        0, output + offset, Int32(outputStride))
        }
    }
}
