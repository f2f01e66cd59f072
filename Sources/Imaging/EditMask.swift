/// Where an edit may change an image, read from a mask image's alpha channel with OpenAI's
/// convention: transparent pixels mark the region to change, opaque pixels the region to keep.
public struct EditMask: Sendable, Equatable {
    /// Width in pixels.
    public let width: Int
    /// Height in pixels.
    public let height: Int
    /// Per pixel, row-major: `1 - alpha / 255`, so 1 = change, 0 = keep, in between = blend.
    public let weights: [Float]

    /// The mask carried by `image`'s alpha channel.
    public init(alphaOf image: RGBAImage) {
        width = image.width
        height = image.height
        weights = stride(from: 3, to: image.pixels.count, by: 4).map { 1 - Float(image.pixels[$0]) / 255 }
    }

    /// A mask whose size must match the image it edits; throws ``ImagingError/maskSizeMismatch(maskWidth:maskHeight:imageWidth:imageHeight:)``.
    public init(alphaOf mask: RGBAImage, matching image: RGBAImage) throws(ImagingError) {
        guard mask.width == image.width, mask.height == image.height else {
            throw .maskSizeMismatch(maskWidth: mask.width, maskHeight: mask.height,
                                    imageWidth: image.width, imageHeight: image.height)
        }
        self.init(alphaOf: mask)
    }

    /// The image's own transparency as the edit region (an edit request without a mask).
    public init(transparencyOf image: RGBAImage) {
        self.init(alphaOf: image)
    }

    /// `true` where the pixel is to change. OpenAI's rule is "fully transparent", the default
    /// threshold (weight 1, alpha 0); pass a lower threshold to include partly transparent pixels.
    public func editRegion(threshold: Float = 1) -> [Bool] {
        weights.map { $0 >= threshold }
    }

    /// Share of pixels in ``editRegion(threshold:)``, from 0 to 1.
    public func editedFraction(threshold: Float = 1) -> Double {
        guard !weights.isEmpty else { return 0 }
        return Double(weights.reduce(0) { $0 + ($1 >= threshold ? 1 : 0) }) / Double(weights.count)
    }

    /// The mask resampled to another size (bilinear on the weights), e.g. the model's resolution.
    public func resized(width newWidth: Int, height newHeight: Int) throws(ImagingError) -> EditMask {
        let alphaPixels = weights.flatMap { weight -> [UInt8] in
            let alpha = RGBAImage.clampByte((1 - weight) * 255)
            return [255, 255, 255, alpha]
        }
        let image = try RGBAImage(width: width, height: height, pixels: alphaPixels)
        return EditMask(alphaOf: try image.resized(width: newWidth, height: newHeight))
    }
}
