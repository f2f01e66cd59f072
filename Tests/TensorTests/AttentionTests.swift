import Testing
@testable import Tensor

@Suite("Scaled-dot-product attention")
struct AttentionTests {
    // p0 = e^(1/√2) / (e^(1/√2) + 1) = 0.66976155; output = p0·v0 + (1 - p0)·v1
    @Test("one head over two keys matches the hand-computed softmax mix")
    func singleHead() {
        let q = Tensor(shape: [1, 1, 2], data: [1, 0])
        let k = Tensor(shape: [1, 2, 2], data: [1, 0, 0, 1])
        let v = Tensor(shape: [1, 2, 2], data: [1, 2, 3, 4])
        let out = Tensor.scaledDotProductAttention(query: q, key: k, value: v, heads: 1)
        #expect(maxAbsDifference(out.data, [1.6604769, 2.6604769]) < 1e-5)
    }

    @Test("a masked key gets no weight")
    func keyMask() {
        let q = Tensor(shape: [1, 1, 2], data: [1, 0])
        let k = Tensor(shape: [1, 2, 2], data: [1, 0, 0, 1])
        let v = Tensor(shape: [1, 2, 2], data: [1, 2, 3, 4])
        let out = Tensor.scaledDotProductAttention(query: q, key: k, value: v, heads: 1,
                                                   keyMask: Tensor(shape: [1, 2], data: [0, 1]))
        #expect(out.data == [3, 4])
        let none = Tensor.scaledDotProductAttention(query: q, key: k, value: v, heads: 1,
                                                    keyMask: Tensor(shape: [1, 2], data: [0, 0]))
        #expect(none.data == [0, 0])
    }

    @Test("padding keys masked out give the same result as the unpadded sequence")
    func paddingInvariance() {
        let width = 8, heads = 2
        let q = Tensor(shape: [1, 3, width], data: patternedValues(3 * width, seed: 1))
        let k = Tensor(shape: [1, 3, width], data: patternedValues(3 * width, seed: 2))
        let v = Tensor(shape: [1, 3, width], data: patternedValues(3 * width, seed: 3))
        let reference = Tensor.scaledDotProductAttention(query: q, key: k, value: v, heads: heads)
        // the same keys plus two pad positions holding large values, masked
        let padded = { (t: Tensor) in Tensor(shape: [1, 5, width], data: t.data + [Float](repeating: 50, count: 2 * width)) }
        let out = Tensor.scaledDotProductAttention(query: q, key: padded(k), value: padded(v), heads: heads,
                                                   keyMask: Tensor(shape: [1, 5], data: [1, 1, 1, 0, 0]))
        #expect(maxAbsDifference(out.data, reference.data) < 1e-6)
    }

    @Test("each head attends independently over its own slice")
    func headsAreIndependent() {
        let width = 8, heads = 2, d = 4
        let q = Tensor(shape: [1, 3, width], data: patternedValues(3 * width, seed: 4))
        let k = Tensor(shape: [1, 3, width], data: patternedValues(3 * width, seed: 5))
        let v = Tensor(shape: [1, 3, width], data: patternedValues(3 * width, seed: 6))
        let both = Tensor.scaledDotProductAttention(query: q, key: k, value: v, heads: heads)
        func slice(_ t: Tensor, head: Int) -> Tensor {
            var data: [Float] = []
            for row in 0..<3 { data += t.data[(row * width + head * d)..<(row * width + head * d + d)] }
            return Tensor(shape: [1, 3, d], data: data)
        }
        for head in 0..<heads {
            let single = Tensor.scaledDotProductAttention(query: slice(q, head: head), key: slice(k, head: head),
                                                          value: slice(v, head: head), heads: 1)
            #expect(maxAbsDifference(slice(both, head: head).data, single.data) < 1e-6)
        }
    }
}
