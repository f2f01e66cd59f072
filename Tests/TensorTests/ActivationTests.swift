import Testing
#if canImport(Glibc)
import Glibc
#endif
@testable import Tensor

@Suite("Activations and softmax")
struct ActivationTests {
    // python3 -c "import math; print([0.5*x*(1+math.erf(x/math.sqrt(2))) for x in [1,-1,0,2,-3,0.5]])"
    @Test("exact GELU matches the erf definition")
    func gelu() {
        let x = Tensor(shape: [6], data: [1, -1, 0, 2, -3, 0.5])
        let expected: [Float] = [0.8413447460685429, -0.15865525393145707, 0, 1.9544997361036416,
                                 -0.00404969409489031, 0.34573123063700656]
        #expect(maxAbsDifference(x.gelu().data, expected) < 1e-6)
    }

    @Test("the vectorisable erf agrees with the C library's erff")
    func erfAccuracy() {
        var worst: Float = 0
        for i in -6000...6000 {
            let x = Float(i) / 1000
            worst = max(worst, abs(Tensor.erf32(x) - erff(x)))
        }
        #expect(worst < 3e-7)
        #expect(Tensor.erf32(100) == 1 && Tensor.erf32(-100) == -1)
    }

    // python3 -c "import math; print([x/(1+math.exp(-x)) for x in [1,-2,0,3]])"
    @Test("SiLU is x·sigmoid(x)")
    func silu() {
        let x = Tensor(shape: [4], data: [1, -2, 0, 3])
        let expected: [Float] = [0.7310585786300049, -0.2384058440442351, 0, 2.8577223804672998]
        #expect(maxAbsDifference(x.silu().data, expected) < 1e-6)
    }

    @Test("softmax rows sum to one and survive large logits")
    func softmax() {
        let x = Tensor(shape: [2, 3], data: [1, 2, 3, 1000, 1000, -Float.infinity])
        let y = x.softmax()
        #expect(maxAbsDifference(Array(y.data.prefix(3)), [0.09003057, 0.24472847, 0.66524096]) < 1e-6)
        #expect(Array(y.data.suffix(3)) == [0.5, 0.5, 0])
        let masked = Tensor(repeating: -.infinity, shape: [1, 3]).softmax()
        #expect(masked.data == [0, 0, 0])
    }
}
