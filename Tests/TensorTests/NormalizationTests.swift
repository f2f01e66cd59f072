import Testing
@testable import Tensor

@Suite("Layer and group normalisation")
struct NormalizationTests {
    @Test("layer norm over the last dimension matches hand-computed values")
    func layerNorm() {
        let x = Tensor(shape: [2, 4], data: [1, 2, 3, 4, 10, 10, 10, 10])
        let y = x.layerNorm(weight: Tensor(repeating: 1, shape: [4]), bias: Tensor(zeros: [4]), epsilon: 0)
        // mean 2.5, variance 1.25: (x - 2.5) / √1.25
        #expect(maxAbsDifference(Array(y.data.prefix(4)), [-1.3416408, -0.4472136, 0.4472136, 1.3416408]) < 1e-6)
        let z = x.layerNorm(weight: Tensor(shape: [4], data: [2, 2, 2, 2]), bias: Tensor(shape: [4], data: [1, 1, 1, 1]),
                            epsilon: 1e-12)
        #expect(maxAbsDifference(Array(z.data.prefix(4)), [-1.6832816, 0.1055728, 1.8944272, 3.6832816]) < 1e-5)
        // a constant row normalises to the bias, not NaN
        #expect(Array(z.data.suffix(4)) == [1, 1, 1, 1])
    }

    @Test("group norm normalises each group over channels and positions")
    func groupNorm() {
        // [N=1, C=4, H=1, W=2]; groups of 2 channels: {1,2,3,4} and {5,5,7,7}
        let x = Tensor(shape: [1, 4, 1, 2], data: [1, 2, 3, 4, 5, 5, 7, 7])
        let y = x.groupNorm(groups: 2, weight: Tensor(shape: [4], data: [1, 1, 1, 2]),
                            bias: Tensor(shape: [4], data: [0, 0, 0, 1]), epsilon: 0)
        let s = Float(1 / 1.25.squareRoot())
        let expected: [Float] = [-1.5 * s, -0.5 * s, 0.5 * s, 1.5 * s, -1, -1, 3, 3]
        #expect(maxAbsDifference(y.data, expected) < 1e-6)
    }
}
