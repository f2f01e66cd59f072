import CHalfGEMM
import Dispatch
import Foundation

extension Tensor {
    /// Products smaller than this many multiply-adds run on the calling thread; larger ones split
    /// their panels over the cores (a dispatch costs a few microseconds).
    static let halfLinearParallelThreshold = 1 << 18

    /// `output[rows, out] = input[rows, in] · weight + bias[out] (+ residual[rows, out])` on a
    /// half-packed weight matrix. Same contract as the sgemm `linear`: `output` must not overlap
    /// `input`; `residual` may be `output` itself. Large products split their column panels between
    /// the calling thread and `KernelWorker`'s thread, in chunks that either takes; each output element
    /// is computed by one thread in a fixed order, so the result does not depend on who ran it.
    public static func linear(input: UnsafePointer<Float>, rows: Int, weight: HalfPackedMatrix,
                              bias: UnsafePointer<Float>?, residual: UnsafePointer<Float>? = nil,
                              output: UnsafeMutablePointer<Float>) {
        guard rows > 0, weight.outFeatures > 0 else { return }
        let k = weight.inFeatures, n = weight.outFeatures, panels = weight.panelCount
        let work = rows * k * n
        let split = work >= halfLinearParallelThreshold && activeCores > 1 && panels >= 4
        weight.panels.withUnsafeBufferPointer { packed in
            let call = HalfLinearCall(input: input, rows: rows, inFeatures: k, packed: packed.baseAddress!,
                                      outFeatures: n, bias: bias, residual: residual, output: output)
            if split {
                // Chunks of whole panel pairs (the kernel computes two panels per pass), about 8 of
                // them, taken by this thread and the kernel worker from one counter.
                let perChunk = max(2, 2 * ((panels + 15) / 16))
                let chunks = (panels + perChunk - 1) / perChunk
                let chunk = { (c: Int) in call.run(panels: c * perChunk..<min(panels, (c + 1) * perChunk)) }
                if !KernelWorker.shared.run(chunks, chunk) {
                    call.run(panels: 0..<panels)
                }
            } else {
                call.run(panels: 0..<panels)
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
