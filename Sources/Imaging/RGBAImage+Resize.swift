/// Bilinear resampling.
extension RGBAImage {
    /// A copy resized to `width` x `height` by bilinear interpolation with half-pixel centres
    /// (the convention of PyTorch's `interpolate(mode="bilinear", align_corners=False)` without
    /// antialiasing). Colours are interpolated premultiplied by alpha, so transparent pixels do
    /// not bleed their hidden colour into neighbours. Downscaling by more than 2x aliases; chain
    /// halvings for large reductions.
    public func resized(width newWidth: Int, height newHeight: Int) throws(ImagingError) -> RGBAImage {
        guard newWidth > 0, newHeight > 0 else {
            throw .invalidDimensions(width: newWidth, height: newHeight, operation: "resize")
        }
        if newWidth == width, newHeight == height { return self }
        let xTaps = Self.bilinearTaps(source: width, destination: newWidth)
        let yTaps = Self.bilinearTaps(source: height, destination: newHeight)
        var output = [UInt8](repeating: 0, count: newWidth * newHeight * 4)
        pixels.withUnsafeBufferPointer { source in
            output.withUnsafeMutableBufferPointer { destination in
                for y in 0..<newHeight {
                    let (y0, y1, fy) = yTaps[y]
                    for x in 0..<newWidth {
                        let (x0, x1, fx) = xTaps[x]
                        let weights: [(Int, Float)] = [
                            ((y0 * width + x0) * 4, (1 - fx) * (1 - fy)),
                            ((y0 * width + x1) * 4, fx * (1 - fy)),
                            ((y1 * width + x0) * 4, (1 - fx) * fy),
                            ((y1 * width + x1) * 4, fx * fy),
                        ]
                        var red: Float = 0, green: Float = 0, blue: Float = 0, alpha: Float = 0
                        for (offset, weight) in weights {
                            let a = Float(source[offset + 3]) * weight
                            red += Float(source[offset]) * a
                            green += Float(source[offset + 1]) * a
                            blue += Float(source[offset + 2]) * a
                            alpha += a
                        }
                        let out = (y * newWidth + x) * 4
                        if alpha > 0 {
                            destination[out] = Self.clampByte(red / alpha)
                            destination[out + 1] = Self.clampByte(green / alpha)
                            destination[out + 2] = Self.clampByte(blue / alpha)
                        }
                        destination[out + 3] = Self.clampByte(alpha)
                    }
                }
            }
        }
        return try RGBAImage(width: newWidth, height: newHeight, pixels: output)
    }

    /// For each destination index: the two source indices and the weight of the second.
    static func bilinearTaps(source: Int, destination: Int) -> [(Int, Int, Float)] {
        let scale = Float(source) / Float(destination)
        return (0..<destination).map { index in
            let position = max(0, (Float(index) + 0.5) * scale - 0.5)
            let lower = min(Int(position), source - 1)
            let upper = min(lower + 1, source - 1)
            return (lower, upper, position - Float(lower))
        }
    }

    static func clampByte(_ value: Float) -> UInt8 {
        UInt8(max(0, min(255, value.rounded())))
    }
}
