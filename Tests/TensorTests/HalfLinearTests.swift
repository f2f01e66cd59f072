import Testing
@testable import Tensor

@Suite("Half-precision packed linear")
struct HalfLinearTests {
    /// Rounds to the nearest half, as the packed layout stores weights.
    private func halfRounded(_ values: [Float]) -> [Float] { values.map { Float(Float16($0)) } }

    /// The sgemm `linear` on the same (half-rounded) weights: the reference.
    private func reference(_ x: [Float], rows: Int, k: Int, n: Int, weight: [Float],
                           bias: [Float]?, residual: [Float]?) -> [Float] {
        var out = [Float](repeating: 0, count: rows * n)
        let zeros = [Float](repeating: 0, count: n), noResidual = [Float](repeating: 0, count: rows * n)
        let b = bias ?? zeros, r = residual ?? noResidual
        x.withUnsafeBufferPointer { xp in weight.withUnsafeBufferPointer { wp in out.withUnsafeMutableBufferPointer { op in
            b.withUnsafeBufferPointer { bp in r.withUnsafeBufferPointer { rp in
                Tensor.linear(input: xp.baseAddress!, rows: rows, inFeatures: k, weight: wp.baseAddress!,
                              outFeatures: n, bias: bp.baseAddress, residual: rp.baseAddress,
                              weightLayout: .inOut, output: op.baseAddress!)
            }}
        }}}
        return out
    }

    @Test("matches sgemm on half-rounded weights", arguments: [
        (1, 5, 3), (3, 16, 16), (7, 33, 17), (9, 64, 48), (16, 384, 1152), (20, 100, 250), (13, 1536, 384),
    ])
    func matchesSgemm(shape: (Int, Int, Int)) {
        let (rows, k, n) = shape
        let x = patternedValues(rows * k, seed: 1)
        let w = halfRounded(patternedValues(k * n, seed: 2))
        let bias = patternedValues(n, seed: 3), residual = patternedValues(rows * n, seed: 4)
        let packed = HalfPackedMatrix(w, inFeatures: k, outFeatures: n, layout: .inOut)
        let tolerance = Float(k) * 2e-6 + 1e-5
        for (useBias, useResidual) in [(false, false), (true, false), (true, true)] {
            let expected = reference(x, rows: rows, k: k, n: n, weight: w, bias: useBias ? bias : nil,
                                     residual: useResidual ? residual : nil)
            var out = [Float](repeating: .nan, count: rows * n)
            x.withUnsafeBufferPointer { xp in out.withUnsafeMutableBufferPointer { op in
                bias.withUnsafeBufferPointer { bp in residual.withUnsafeBufferPointer { rp in
                    Tensor.linear(input: xp.baseAddress!, rows: rows, weight: packed,
                                  bias: useBias ? bp.baseAddress : nil,
                                  residual: useResidual ? rp.baseAddress : nil, output: op.baseAddress!)
                }}
            }}
            #expect(maxAbsDifference(out, expected) <= tolerance,
                    "[\(rows), \(k)] x [\(k), \(n)] bias \(useBias) residual \(useResidual)")
        }
    }

    @Test("accumulates into the output when the residual is the output")
    func residualInPlace() {
        let rows = 5, k = 40, n = 70
        let x = patternedValues(rows * k, seed: 5)
        let w = halfRounded(patternedValues(k * n, seed: 6))
        let start = patternedValues(rows * n, seed: 7)
        let expected = reference(x, rows: rows, k: k, n: n, weight: w, bias: nil, residual: start)
        let packed = HalfPackedMatrix(w, inFeatures: k, outFeatures: n, layout: .inOut)
        var out = start
        x.withUnsafeBufferPointer { xp in out.withUnsafeMutableBufferPointer { op in
            Tensor.linear(input: xp.baseAddress!, rows: rows, weight: packed, bias: nil,
                          residual: UnsafePointer(op.baseAddress!), output: op.baseAddress!)
        }}
        #expect(maxAbsDifference(out, expected) <= 1e-4)
    }

    @Test("packs [out, in] weights as their transpose, and halves exactly")
    func packsBothLayouts() {
        let k = 19, n = 21
        let inOut = halfRounded(patternedValues(k * n, seed: 8))
        let outIn = LinearWeightLayout.transposed(inOut, out: k, in: n)  // [n, k] as (out=n, in=k)
        let a = HalfPackedMatrix(inOut, inFeatures: k, outFeatures: n, layout: .inOut)
        let b = HalfPackedMatrix(outIn, inFeatures: k, outFeatures: n, layout: .outIn)
        #expect(a.panels == b.panels)
        // Every stored half decodes to the value it came from (weights were half already).
        for column in 0..<n {
            for row in 0..<k {
                let bits = a.panels[(column / 16) * k * 16 + row * 16 + column % 16]
                #expect(Float(Float16(bitPattern: bits)) == inOut[row * n + column])
            }
        }
        #expect(["avx512f+f16c", "avx2+fma+f16c", "scalar"].contains(HalfPackedMatrix.instructionSet))
    }
}
