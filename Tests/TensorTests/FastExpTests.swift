import Foundation
import Testing
@testable import Tensor

@Suite("fastExp")
struct FastExpTests {
    @Test("relative error below 5e-7 over [-80, 80]; softmax rows sum to 1")
    func accuracy() {
        var worst = 0.0
        for i in 0...160_000 {
            let x = Float(-80 + Double(i) * 0.001)
            let exact = Foundation.exp(Double(x))
            worst = max(worst, abs(Double(Tensor.fastExp(x)) - exact) / exact)
        }
        #expect(worst < 5e-7, "worst relative error \(worst)")
        #expect(Tensor.fastExp(-.infinity) < 1e-37)
        #expect(Tensor.fastExp(0) == 1)
        let lanes = SIMD16<Float>((0..<16).map { Float($0) * 5.3 - 40 })
        let vector = Tensor.fastExp(lanes)
        for i in 0..<16 { #expect(vector[i] == Tensor.fastExp(lanes[i])) }
        var wide = (0..<37).map { Float($0 % 7) - 3 }
        let expected = wide.map { exp(Double($0)) }
        let total = expected.reduce(0, +)
        wide.withUnsafeMutableBufferPointer { Tensor.softmaxFastExp($0.baseAddress!, rows: 1, width: 37) }
        for (value, e) in zip(wide, expected) { #expect(abs(Double(value) - e / total) < 1e-6) }
        var row: [Float] = [1, 2, 3, -50]
        row.withUnsafeMutableBufferPointer { Tensor.softmaxFastExp($0.baseAddress!, rows: 1, width: 4) }
        #expect(abs(row.reduce(0, +) - 1) < 1e-6)
        #expect(abs(row[2] - Float(exp(3.0) / (exp(1.0) + exp(2.0) + exp(3.0) + exp(-50.0)))) < 1e-6)
    }
}
