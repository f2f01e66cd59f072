/// Bounds a decoder checks against the PNG header before it allocates anything, so that a
/// decompression bomb or a forged header is a typed error instead of an unbounded allocation.
public struct ImageLimits: Sendable, Equatable {
    /// Largest accepted width in pixels.
    public var maxWidth: Int
    /// Largest accepted height in pixels.
    public var maxHeight: Int
    /// Largest accepted decoded size in bytes (RGBA8: `width * height * 4`).
    public var maxDecodedBytes: Int

    /// Limits of your own choosing.
    public init(maxWidth: Int, maxHeight: Int, maxDecodedBytes: Int) {
        self.maxWidth = maxWidth
        self.maxHeight = maxHeight
        self.maxDecodedBytes = maxDecodedBytes
    }

    /// 4096 x 4096 pixels and 64 MiB decoded: one full-size 4096^2 RGBA8 image.
    public static let `default` = ImageLimits(maxWidth: 4096, maxHeight: 4096, maxDecodedBytes: 64 << 20)

    /// Throws when an image of `width` x `height` RGBA8 pixels would break these limits.
    public func check(width: Int, height: Int) throws(ImagingError) {
        guard width > 0, height > 0 else {
            throw .invalidDimensions(width: width, height: height, operation: "decode")
        }
        guard width <= maxWidth, height <= maxHeight else {
            throw .dimensionsTooLarge(width: width, height: height, maxWidth: maxWidth, maxHeight: maxHeight)
        }
        let (bytes, overflow) = width.multipliedReportingOverflow(by: height * 4)
        guard !overflow, bytes <= maxDecodedBytes else {
            throw .decodedSizeTooLarge(width: width, height: height,
                                       bytes: overflow ? Int.max : bytes, maxBytes: maxDecodedBytes)
        }
    }
}
