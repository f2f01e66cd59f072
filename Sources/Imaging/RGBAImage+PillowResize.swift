/// Pillow's bilinear resize, reproduced bit for bit.
extension RGBAImage {
    /// A copy resized to `width` x `height` exactly as Pillow's `Image.resize(size, BILINEAR)`
    /// resizes an RGB image (Pillow 13, `src/libImaging/Resample.c`): a triangle filter whose
    /// support grows with the reduction factor (so downscaling averages every source pixel instead
    /// of aliasing), weights renormalised at the borders, coefficients in 22-bit fixed point,
    /// a horizontal pass first whose result is rounded to 8 bits, then a vertical pass.
    ///
    /// The four channels are resampled independently, as Pillow does for RGB/RGBX data (it
    /// premultiplies only RGBA images, which ``resized(width:height:)`` handles); callers that
    /// mean to ignore alpha (the open_nsfw reference converts to RGB first) get Pillow's RGB bytes.
    public func resizedLikePillowBilinear(width newWidth: Int, height newHeight: Int) throws(ImagingError) -> RGBAImage {
        guard newWidth > 0, newHeight > 0 else {
            throw .invalidDimensions(width: newWidth, height: newHeight, operation: "resize")
        }
        let horizontal = PillowFilterTaps(source: width, destination: newWidth)
        let vertical = PillowFilterTaps(source: height, destination: newHeight)
        // Horizontal pass over the source rows the vertical pass reads.
        let firstRow = vertical.start[0]
        let lastRow = vertical.start[newHeight - 1] + vertical.count[newHeight - 1]
        let rows = lastRow - firstRow
        var temporary = [UInt8](repeating: 0, count: newWidth * rows * 4) // [rows, newWidth, 4]
        pixels.withUnsafeBufferPointer { source in
            temporary.withUnsafeMutableBufferPointer { destination in
                for row in 0..<rows {
                    let input = source.baseAddress! + (row + firstRow) * width * 4
                    let output = destination.baseAddress! + row * newWidth * 4
                    for x in 0..<newWidth {
                        horizontal.resample(input, stride: 4, tap: x, into: output + x * 4)
                    }
                }
            }
        }
        var output = [UInt8](repeating: 0, count: newWidth * newHeight * 4)
        temporary.withUnsafeBufferPointer { source in
            output.withUnsafeMutableBufferPointer { destination in
                for y in 0..<newHeight {
                    let input = source.baseAddress! + (vertical.start[y] - firstRow) * newWidth * 4
                    let out = destination.baseAddress! + y * newWidth * 4
                    for x in 0..<newWidth * 4 {
                        out[x] = vertical.resampleColumn(input + x, stride: newWidth * 4, tap: y)
                    }
                }
            }
        }
        return try RGBAImage(width: newWidth, height: newHeight, pixels: output)
    }
}

/// Pillow's `precompute_coeffs` + `normalize_coeffs_8bpc` for the bilinear filter along one axis.
struct PillowFilterTaps {
    static let precisionBits = 32 - 8 - 2
    /// First source index of each destination index's window.
    var start: [Int]
    /// Number of source indices in each window.
    var count: [Int]
    /// `kernelSize` fixed-point coefficients per destination index.
    var coefficients: [Int32]
    var kernelSize: Int

    init(source: Int, destination: Int) {
        let scale = Double(source) / Double(destination)
        let filterScale = max(scale, 1)
        let support = 1.0 * filterScale                         // bilinear support is 1
        kernelSize = Int(support.rounded(.up)) * 2 + 1
        start = [Int](repeating: 0, count: destination)
        count = [Int](repeating: 0, count: destination)
        coefficients = [Int32](repeating: 0, count: destination * kernelSize)
        let inverse = 1.0 / filterScale
        var weights = [Double](repeating: 0, count: kernelSize)
        for index in 0..<destination {
            let center = (Double(index) + 0.5) * scale
            let low = max(Int(center - support + 0.5), 0)       // C's (int) truncates toward zero
            let high = min(Int(center + support + 0.5), source)
            let taps = high - low
            var total = 0.0
            for tap in 0..<taps {
                var x = (Double(tap + low) - center + 0.5) * inverse
                if x < 0 { x = -x }
                let weight = x < 1 ? 1 - x : 0
                weights[tap] = weight
                total += weight
            }
            for tap in 0..<kernelSize {
                var weight = tap < taps ? weights[tap] : 0
                if tap < taps, total != 0 { weight /= total }
                let fixed = weight * Double(1 << Self.precisionBits)
                coefficients[index * kernelSize + tap] = Int32(weight < 0 ? fixed - 0.5 : fixed + 0.5)
            }
            start[index] = low
            count[index] = taps
        }
    }

    /// One destination pixel of the horizontal pass: 4 channels from `input` (pixels `stride` bytes apart).
    @inline(__always)
    func resample(_ input: UnsafePointer<UInt8>, stride: Int, tap index: Int, into output: UnsafeMutablePointer<UInt8>) {
        let base = index * kernelSize
        let first = start[index]
        let half = 1 << (Self.precisionBits - 1)
        var s0 = half, s1 = half, s2 = half, s3 = half
        for tap in 0..<count[index] {
            let k = Int(coefficients[base + tap])
            let pixel = input + (first + tap) * stride
            s0 += Int(pixel[0]) * k
            s1 += Int(pixel[1]) * k
            s2 += Int(pixel[2]) * k
            s3 += Int(pixel[3]) * k
        }
        output[0] = Self.clip8(s0)
        output[1] = Self.clip8(s1)
        output[2] = Self.clip8(s2)
        output[3] = Self.clip8(s3)
    }

    /// One destination byte of the vertical pass: the window starts at `input`, rows `stride` bytes apart.
    @inline(__always)
    func resampleColumn(_ input: UnsafePointer<UInt8>, stride: Int, tap index: Int) -> UInt8 {
        let base = index * kernelSize
        var sum = 1 << (Self.precisionBits - 1)
        for tap in 0..<count[index] {
            sum += Int(input[tap * stride]) * Int(coefficients[base + tap])
        }
        return Self.clip8(sum)
    }

    @inline(__always)
    static func clip8(_ sum: Int) -> UInt8 {
        UInt8(clamping: sum >> precisionBits)
    }
}
