/// A window of Pillow's bilinear resize, computed alone.
extension RGBAImage {
    /// The `windowWidth` x `windowHeight` pixels at (`x`, `y`) of
    /// ``resizedLikePillowBilinear(width:height:)``, byte for byte, without computing the rest:
    /// the horizontal pass runs only over the source rows the window's vertical taps read, and
    /// only for the window's columns. `resizedLikePillowBilinear(width:height:window:)` then
    /// equals `resizedLikePillowBilinear(width:height:).cropped(...)` (open_nsfw's resize to 256
    /// and centre crop to 224 does about 60% of the full resize's work).
    public func resizedLikePillowBilinear(width newWidth: Int, height newHeight: Int,
                                          window: (x: Int, y: Int, width: Int, height: Int)) throws(ImagingError) -> RGBAImage {
        guard newWidth > 0, newHeight > 0 else {
            throw .invalidDimensions(width: newWidth, height: newHeight, operation: "resize")
        }
        guard window.width > 0, window.height > 0 else {
            throw .invalidDimensions(width: window.width, height: window.height, operation: "crop")
        }
        guard window.x >= 0, window.y >= 0, window.x + window.width <= newWidth, window.y + window.height <= newHeight else {
            throw .cropOutOfBounds(width: window.width, height: window.height, imageWidth: newWidth, imageHeight: newHeight)
        }
        let horizontal = PillowFilterTaps(source: width, destination: newWidth)
        let vertical = PillowFilterTaps(source: height, destination: newHeight)
        let rowTaps = window.y..<(window.y + window.height)
        let firstRow = rowTaps.map { vertical.start[$0] }.min() ?? 0
        let lastRow = rowTaps.map { vertical.start[$0] + vertical.count[$0] }.max() ?? 0
        let rows = lastRow - firstRow, rowBytes = window.width * 4
        var temporary = [UInt8](repeating: 0, count: rows * rowBytes)   // [rows, window.width, 4]
        let half = Int32(1 << (PillowFilterTaps.precisionBits - 1))
        pixels.withUnsafeBufferPointer { source in
            temporary.withUnsafeMutableBufferPointer { destination in
                horizontal.withTaps { start, count, coefficients, kernelSize in
                    for row in 0..<rows {
                        let input = source.baseAddress! + (row + firstRow) * width * 4
                        var output = destination.baseAddress! + row * rowBytes
                        for tap in window.x..<(window.x + window.width) {
                            let k = coefficients + tap * kernelSize
                            let pixel = input + start[tap] * 4
                            var s0 = half, s1 = half, s2 = half, s3 = half
                            for t in 0..<count[tap] {
                                let weight = k[t], p = pixel + t * 4
                                s0 &+= Int32(p[0]) &* weight
                                s1 &+= Int32(p[1]) &* weight
                                s2 &+= Int32(p[2]) &* weight
                                s3 &+= Int32(p[3]) &* weight
                            }
                            output[0] = Self.clip8(s0); output[1] = Self.clip8(s1)
                            output[2] = Self.clip8(s2); output[3] = Self.clip8(s3)
                            output += 4
                        }
                    }
                }
            }
        }
        var output = [UInt8](repeating: 0, count: window.height * rowBytes)
        var sums = [Int32](repeating: 0, count: rowBytes)
        temporary.withUnsafeBufferPointer { source in
            output.withUnsafeMutableBufferPointer { destination in
                sums.withUnsafeMutableBufferPointer { sum in
                    vertical.withTaps { start, count, coefficients, kernelSize in
                        for (y, tap) in rowTaps.enumerated() {
                            let input = source.baseAddress! + (start[tap] - firstRow) * rowBytes
                            let k = coefficients + tap * kernelSize
                            for b in 0..<rowBytes { sum[b] = half }
                            for t in 0..<count[tap] {
                                let weight = k[t], line = input + t * rowBytes
                                for b in 0..<rowBytes { sum[b] &+= Int32(line[b]) &* weight }
                            }
                            let out = destination.baseAddress! + y * rowBytes
                            for b in 0..<rowBytes { out[b] = Self.clip8(sum[b]) }
                        }
                    }
                }
            }
        }
        return try RGBAImage(width: window.width, height: window.height, pixels: output)
    }

    /// `sum >> 22` clamped to 0...255 (Pillow's `clip8`); sums fit in 32 bits: 255 · 2^22 + 2^21 < 2^31.
    @inline(__always)
    private static func clip8(_ sum: Int32) -> UInt8 {
        UInt8(clamping: sum >> Int32(PillowFilterTaps.precisionBits))
    }
}

extension PillowFilterTaps {
    /// The taps as raw pointers (window starts, window lengths, `kernelSize` coefficients per
    /// destination index) for loops without bounds checks.
    func withTaps(_ body: (UnsafePointer<Int>, UnsafePointer<Int>, UnsafePointer<Int32>, Int) -> Void) {
        start.withUnsafeBufferPointer { s in
            count.withUnsafeBufferPointer { c in
                coefficients.withUnsafeBufferPointer { k in body(s.baseAddress!, c.baseAddress!, k.baseAddress!, kernelSize) }
            }
        }
    }
}
