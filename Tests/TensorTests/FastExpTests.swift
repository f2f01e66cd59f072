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
        var row: [Float] = [1, 2, 3, -50]
        row.withUnsafeMutableBufferPointer { Tensor.softmaxFastExp($0.baseAddress!, rows: 1, width: 4) }
        #expect(abs(row.reduce(0, +) - 1) < 1e-6)
        #expect(abs(row[2] - Float(exp(3.0) / (exp(1.0) + exp(2.0) + exp(3.0) + exp(-50.0)))) < 1e-6)
    }
}
