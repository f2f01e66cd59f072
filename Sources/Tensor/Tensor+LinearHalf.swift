import CHalfGEMM
import Dispatch
import Foundation

extension Tensor {
    /// Products smaller than this many multiply-adds run on the calling thread; larger ones split
    /// their panels over the cores (a dispatch costs a few microseconds).
    static let halfLinearParallelThreshold = 1 << 18

    /// `output[rows, out] = input[rows, in] · weight + bias[out] (+ residual[rows, out])` on a
    /// half-packed weight matrix. Same contract as the sgemm `linear`: `output` must not overlap
    /// `input`; `residual` may be `output` itself. Large products split by column panels over the
    /// available cores; each output element is computed by one thread in a fixed order, so the
    /// result does not depend on the thread count.
    public static func linear(input: UnsafePointer<Float>, rows: Int, weight: HalfPackedMatrix,
                              bias: UnsafePointer<Float>?, residual: UnsafePointer<Float>? = nil,
                              output: UnsafeMutablePointer<Float>) {
        guard rows > 0, weight.outFeatures > 0 else { return }
        let k = weight.inFeatures, n = weight.outFeatures, panels = weight.panelCount
        let work = rows * k * n
        let workers = work < halfLinearParallelThreshold ? 1 : min(activeCores, (panels + 1) / 2)
        weight.panels.withUnsafeBufferPointer { packed in
            let call = HalfLinearCall(input: input, rows: rows, inFeatures: k, packed: packed.baseAddress!,
                                      outFeatures: n, bias: bias, residual: residual, output: output)
            if workers <= 1 {
                call.run(panels: 0..<panels)
            } else {
                // Whole panel pairs per worker: the kernel computes two panels per pass.
                let pairs = (panels + 1) / 2
                DispatchQueue.concurrentPerform(iterations: workers) { worker in
                    let begin = 2 * (pairs * worker / workers)
                    let end = min(panels, 2 * (pairs * (worker + 1) / workers))
                    call.run(panels: begin..<end)
                }
            }
        }
    }

    /// Cores this process may use (at least 1).
    static var activeCores: Int {
        max(1, ProcessInfo.processInfo.activeProcessorCount)
    }
}

/// One half-precision product's operands, shared by the workers that split its panels. Workers
/// write disjoint column ranges of `output` and only read the rest, and the call outlives them
/// (`concurrentPerform` returns when all are done), hence the unchecked conformance.
private struct HalfLinearCall: @unchecked Sendable {
    let input: UnsafePointer<Float>
    let rows: Int
    let inFeatures: Int
    let packed: UnsafePointer<UInt16>
    let outFeatures: Int
    let bias: UnsafePointer<Float>?
    let residual: UnsafePointer<Float>?
    let output: UnsafeMutablePointer<Float>

    func run(panels: Range<Int>) {
        guard !panels.isEmpty else { return }
        warden_halfgemm_run(input, Int32(inFeatures), Int32(rows), Int32(inFeatures), packed, Int32(outFeatures),
                            bias, residual, output, Int32(outFeatures),
                            Int32(panels.lowerBound), Int32(panels.upperBound))
    }
}
