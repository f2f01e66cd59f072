import Testing
@testable import Tensor

@Suite("Linear layers and matrix products")
struct LinearAlgebraTests {
    @Test("linear computes x·Wᵀ + b on hand-computed values")
    func linearHandComputed() {
        let x = Tensor(shape: [2, 2], data: [1, 2, -1, 0.5])
        let w = Tensor(shape: [3, 2], data: [1, 0, 0, 1, 1, 1])
        let b = Tensor(shape: [3], data: [0.5, -1, 0])
        let y = x.linear(weight: w, bias: b)
        #expect(y.shape == [2, 3])
        #expect(y.data == [1.5, 1, 3, -0.5, -0.5, -0.5])
        #expect(x.linear(weight: w, bias: nil).data == [1, 2, 3, -1, 0.5, -0.5])
    }

    @Test("the pointer form adds a residual in the same sgemm")
    func linearResidual() {
        let x: [Float] = [1, 2]
        let w: [Float] = [1, 0, 0, 1, 1, 1]
        let b: [Float] = [0.5, -1, 0]
        let residual: [Float] = [10, 20, 30]
        var out = [Float](repeating: 0, count: 3)
        x.withUnsafeBufferPointer { xp in w.withUnsafeBufferPointer { wp in b.withUnsafeBufferPointer { bp in
            residual.withUnsafeBufferPointer { rp in out.withUnsafeMutableBufferPointer { op in
                Tensor.linear(input: xp.baseAddress!, rows: 1, inFeatures: 2, weight: wp.baseAddress!, outFeatures: 3,
                              bias: bp.baseAddress, residual: rp.baseAddress, output: op.baseAddress!)
            }}
        }}}
        #expect(out == [11.5, 21, 33])
    }

    @Test("a pre-transposed [in, out] weight gives the same product as [out, in]")
    func transposedWeightLayout() {
        let (rows, inFeatures, out) = (5, 7, 3)
        let x = patternedValues(rows * inFeatures, seed: 11)
        let w = patternedValues(out * inFeatures, seed: 12)
        let b = patternedValues(out, seed: 13)
        let wt = LinearWeightLayout.transposed(w, out: out, in: inFeatures)
        #expect(wt[1 * out + 2] == w[2 * inFeatures + 1])
        var standard = [Float](repeating: 0, count: rows * out)
        var transposed = [Float](repeating: 0, count: rows * out)
        x.withUnsafeBufferPointer { xp in b.withUnsafeBufferPointer { bp in
            w.withUnsafeBufferPointer { wp in standard.withUnsafeMutableBufferPointer { op in
                Tensor.linear(input: xp.baseAddress!, rows: rows, inFeatures: inFeatures, weight: wp.baseAddress!,
                              outFeatures: out, bias: bp.baseAddress, output: op.baseAddress!)
            }}
            wt.withUnsafeBufferPointer { wp in transposed.withUnsafeMutableBufferPointer { op in
                Tensor.linear(input: xp.baseAddress!, rows: rows, inFeatures: inFeatures, weight: wp.baseAddress!,
                              outFeatures: out, bias: bp.baseAddress, weightLayout: .inOut, output: op.baseAddress!)
            }}
        }}
        let reference = Tensor(shape: [rows, inFeatures], data: x)
            .linear(weight: Tensor(shape: [out, inFeatures], data: w), bias: Tensor(shape: [out], data: b))
        #expect(maxAbsDifference(standard, reference.data) < 1e-6)
        #expect(maxAbsDifference(transposed, reference.data) < 1e-5)
    }

    @Test("batched matmul, with and without transposes, matches hand-computed products")
    func batchedMatmul() {
        let a = Tensor(shape: [2, 2, 2], data: [1, 2, 3, 4, 0, 1, 1, 0])
        let b = Tensor(shape: [2, 2, 2], data: [5, 6, 7, 8, 2, 3, 4, 5])
        #expect(a.matmul(b).data == [19, 22, 43, 50, 4, 5, 2, 3])
        // aᵀ·b for the first batch entry: [[1,3],[2,4]]·[[5,6],[7,8]] = [[26,30],[38,44]]
        #expect(a.matmul(b, transposeSelf: true).data.prefix(4) == [26, 30, 38, 44])
        // a·bᵀ: [[1,2],[3,4]]·[[5,7],[6,8]] = [[17,23],[39,53]]
        #expect(a.matmul(b, transposeOther: true).data.prefix(4) == [17, 23, 39, 53])
        // a rank-2 right operand is shared by every batch entry
        let shared = Tensor(shape: [2, 1], data: [1, 1])
        #expect(a.matmul(shared).data == [3, 7, 1, 1])
    }

    @Test("elementwise add and multiply broadcast a suffix shape")
    func elementwise() {
        let x = Tensor(shape: [2, 3], data: [1, 2, 3, 4, 5, 6])
        let bias = Tensor(shape: [3], data: [10, 20, 30])
        #expect((x + bias).data == [11, 22, 33, 14, 25, 36])
        #expect((x * x).data == [1, 4, 9, 16, 25, 36])
        #expect((x * 2).data == [2, 4, 6, 8, 10, 12])
    }

    @Test("reshape keeps the data and indexing is row-major")
    func reshapeAndIndex() {
        let x = Tensor(shape: [2, 3], data: [1, 2, 3, 4, 5, 6])
        #expect(x[1, 0] == 4)
        #expect(x.reshaped([3, 2])[2, 1] == 6)
        #expect(x.row(1).data == [4, 5, 6])
        #expect(Tensor(zeros: [2, 0, 3]).count == 0)
    }
}
