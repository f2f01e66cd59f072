/// Cropping.
extension RGBAImage {
    /// The `width` x `height` rectangle whose top-left corner is (`x`, `y`).
    public func cropped(x: Int, y: Int, width cropWidth: Int, height cropHeight: Int) throws(ImagingError) -> RGBAImage {
        guard cropWidth > 0, cropHeight > 0 else {
            throw .invalidDimensions(width: cropWidth, height: cropHeight, operation: "crop")
        }
        guard x >= 0, y >= 0, x + cropWidth <= width, y + cropHeight <= height else {
            throw .cropOutOfBounds(width: cropWidth, height: cropHeight, imageWidth: width, imageHeight: height)
        }
        var output = [UInt8]()
        output.reserveCapacity(cropWidth * cropHeight * 4)
        for row in y..<(y + cropHeight) {
            let start = offset(x: x, y: row)
            output.append(contentsOf: pixels[start..<start + cropWidth * 4])
        }
        return try RGBAImage(width: cropWidth, height: cropHeight, pixels: output)
    }

    /// The centred `width` x `height` rectangle (odd margins leave the extra pixel on the right
    /// and bottom).
    public func centerCropped(width cropWidth: Int, height cropHeight: Int) throws(ImagingError) -> RGBAImage {
        guard cropWidth <= width, cropHeight <= height else {
            throw .cropOutOfBounds(width: cropWidth, height: cropHeight, imageWidth: width, imageHeight: height)
        }
        return try cropped(x: (width - cropWidth) / 2, y: (height - cropHeight) / 2,
                           width: cropWidth, height: cropHeight)
    }

    /// Scales so the image covers `width` x `height` (the shorter side fits), then centre-crops:
    /// how a photo is fitted to a square model input without distortion.
    public func aspectFilled(width targetWidth: Int, height targetHeight: Int) throws(ImagingError) -> RGBAImage {
        guard targetWidth > 0, targetHeight > 0 else {
            throw .invalidDimensions(width: targetWidth, height: targetHeight, operation: "aspect fill")
        }
        let scale = max(Double(targetWidth) / Double(width), Double(targetHeight) / Double(height))
        let scaledWidth = max(targetWidth, Int((Double(width) * scale).rounded()))
        let scaledHeight = max(targetHeight, Int((Double(height) * scale).rounded()))
        return try resized(width: scaledWidth, height: scaledHeight)
            .centerCropped(width: targetWidth, height: targetHeight)
    }
}
