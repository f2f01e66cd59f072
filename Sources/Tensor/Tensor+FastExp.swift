extension Tensor {
    /// `e^x` in single precision without a library call, so loops over it vectorise: Cephes'
    /// `expf` range reduction (`x = n ln2 + r`, ln2 split in two) and degree-6 polynomial, with
    /// `2^n` built from the exponent bits. Inputs are clamped to [-87, 88] (results 1.6e-38 ...
    /// 1.65e38; `-inf` gives 1.6e-38, not 0). Max relative error about 2e-7 against Double exp.
    @inlinable @inline(__always)
    public static func fastExp(_ input: Float) -> Float {
        let x = min(max(input, -87), 88)
        // n = round(x / ln2) via the 1.5·2^23 trick; its integer sits in the low mantissa bits.
        let shifted = x * 1.442_695_04 + 12_582_912
        let n = shifted - 12_582_912
        let r = (x - n * 0.693_359_375) + n * 2.121_944_4e-4
        var p: Float = 1.987_569_150_0e-4
        p = p * r + 1.398_199_950_7e-3
        p = p * r + 8.333_451_907_3e-3
        p = p * r + 4.166_579_589_4e-2
        p = p * r + 1.666_666_545_9e-1
        p = p * r + 5.000_000_120_1e-1
        let polynomial = p * r * r + r + 1
        let exponent = (shifted.bitPattern &- 0x4B40_0000 &+ 127) << 23
        return polynomial * Float(bitPattern: exponent)
    }

    /// `fastExp` on 16 lanes at once (the same arithmetic, lane by lane).
    @inlinable @inline(__always)
    public static func fastExp(_ input: SIMD16<Float>) -> SIMD16<Float> {
        let x = input.clamped(lowerBound: SIMD16(repeating: -87), upperBound: SIMD16(repeating: 88))
        let shifted = x * 1.442_695_04 + 12_582_912
        let n = shifted - 12_582_912
        let r = (x - n * 0.693_359_375) + n * 2.121_944_4e-4
        var p = SIMD16<Float>(repeating: 1.987_569_150_0e-4)
        p = p * r + 1.398_199_950_7e-3
        p = p * r + 8.333_451_907_3e-3
        p = p * r + 4.166_579_589_4e-2
        p = p * r + 1.666_666_545_9e-1
        p = p * r + 5.000_000_120_1e-1
        let polynomial = p * r * r + r + 1
        let bits = unsafeBitCast(shifted, to: SIMD16<UInt32>.self)
        let exponent = (bits &- 0x4B40_0000 &+ 127) &<< 23
        return polynomial * unsafeBitCast(exponent, to: SIMD16<Float>.self)
    }

    /// In-place softmax over `rows` rows of `width` finite elements using `fastExp`, 16 lanes at
    /// a time (the sums are therefore added in a different order than a scalar loop).
    public static func softmaxFastExp(_ x: UnsafeMutablePointer<Float>, rows: Int, width: Int) {
        let vectorWidth = width / 16 * 16
        for r in 0..<rows {
            let row = x + r * width
            var maximum = -Float.greatestFiniteMagnitude
            var maxLanes = SIMD16<Float>(repeating: maximum)
            var i = 0
            while i < vectorWidth {
                maxLanes = pointwiseMax(maxLanes, UnsafeRawPointer(row + i).loadUnaligned(as: SIMD16<Float>.self))
                i += 16
            }
            maximum = maxLanes.max()
            for j in vectorWidth..<width { maximum = max(maximum, row[j]) }
            var sumLanes = SIMD16<Float>(repeating: 0)
            let shift = SIMD16<Float>(repeating: maximum)
            i = 0
            while i < vectorWidth {
                let e = fastExp(UnsafeRawPointer(row + i).loadUnaligned(as: SIMD16<Float>.self) - shift)
                UnsafeMutableRawPointer(row + i).storeBytes(of: e, as: SIMD16<Float>.self)
                sumLanes += e
                i += 16
            }
            var sum = sumLanes.sum()
            for j in vectorWidth..<width {
                let e = fastExp(row[j] - maximum)
                row[j] = e
                sum += e
            }
            let inverse = 1 / sum
            for j in 0..<width { row[j] *= inverse }
        }
    }
}
