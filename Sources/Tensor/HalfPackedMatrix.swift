import CHalfGEMM

/// A linear layer's weight matrix `[in, out]` packed once into 16-column panels of IEEE halves,
/// for `Tensor.linear(input:rows:weight:bias:residual:output:)` on few rows (a prompt's tokens).
///
/// Half the bytes of Float32 and no per-call repacking: OpenBLAS packs its B operand on every
/// sgemm call, which for a 16-row product costs about as much as the arithmetic. Weights that
/// were stored as F16 (every Warden model file) are represented exactly; other values round to
/// the nearest half.
public struct HalfPackedMatrix: Sendable {
    /// Rows of the matrix: the layer's input features.
    public let inFeatures: Int
    /// Columns: the layer's output features.
    public let outFeatures: Int
    let panels: [UInt16]

    /// Packs `weight` given as `[in, out]` (`.inOut`) or as `nn.Linear`'s `[out, in]` (`.outIn`).
    public init(_ weight: [Float], inFeatures: Int, outFeatures: Int, layout: LinearWeightLayout) {
        precondition(weight.count == inFeatures * outFeatures,
                     "HalfPackedMatrix: \(weight.count) values are not [\(inFeatures), \(outFeatures)]")
        let inOut = layout == .inOut ? weight
            : LinearWeightLayout.transposed(weight, out: outFeatures, in: inFeatures)
        var packed = [UInt16](repeating: 0,
                              count: warden_halfgemm_packed_count(Int32(inFeatures), Int32(outFeatures)))
        inOut.withUnsafeBufferPointer { w in
            packed.withUnsafeMutableBufferPointer { p in
                warden_halfgemm_pack(w.baseAddress, Int32(inFeatures), Int32(outFeatures), p.baseAddress)
            }
        }
        self.inFeatures = inFeatures
        self.outFeatures = outFeatures
        self.panels = packed
    }

    /// Number of 16-column panels.
    public var panelCount: Int { (outFeatures + 15) / 16 }

    /// The instruction set the half-precision kernel uses on this CPU.
    public static var instructionSet: String { String(cString: warden_halfgemm_isa()) }
}
