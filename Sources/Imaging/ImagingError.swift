/// Errors of the Imaging module. Each case carries the context a person needs to act on it.
public enum ImagingError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The bytes do not start with the 8-byte PNG signature.
    case notPNG(byteCount: Int)
    /// The PNG stream ends before its IEND chunk: `byteCount` bytes were given, and the chunk
    /// at `chunkOffset` needs `neededBytes` in all.
    case truncated(byteCount: Int, chunkOffset: Int, neededBytes: Int)
    /// libpng rejected the stream; `stage` is "header" or "pixels", `message` is libpng's.
    case corrupt(stage: String, message: String)
    /// The header declares a width or height beyond the limits, checked before any allocation.
    case dimensionsTooLarge(width: Int, height: Int, maxWidth: Int, maxHeight: Int)
    /// The decoded RGBA8 pixels would take more bytes than allowed, checked before allocating.
    case decodedSizeTooLarge(width: Int, height: Int, bytes: Int, maxBytes: Int)
    /// A width or height of zero or less where a real image is needed.
    case invalidDimensions(width: Int, height: Int, operation: String)
    /// The pixel buffer does not hold `width * height * 4` bytes.
    case pixelCountMismatch(width: Int, height: Int, expectedBytes: Int, actualBytes: Int)
    /// A crop rectangle that does not fit in the image.
    case cropOutOfBounds(width: Int, height: Int, imageWidth: Int, imageHeight: Int)
    /// A mask whose size differs from the image it applies to.
    case maskSizeMismatch(maskWidth: Int, maskHeight: Int, imageWidth: Int, imageHeight: Int)
    /// libpng could not encode the image; `message` is libpng's.
    case encodeFailed(width: Int, height: Int, message: String)

    public var description: String {
        switch self {
        case let .notPNG(byteCount):
            return "Imaging: not a PNG: \(byteCount) bytes without the PNG signature"
        case let .truncated(byteCount, chunkOffset, neededBytes):
            return "Imaging: truncated PNG: \(byteCount) bytes, but the chunk at byte \(chunkOffset) "
                + "needs \(neededBytes) bytes (or the IEND chunk is missing)"
        case let .corrupt(stage, message):
            return "Imaging: corrupt PNG (\(stage)): \(message)"
        case let .dimensionsTooLarge(width, height, maxWidth, maxHeight):
            return "Imaging: image of \(width)x\(height) exceeds the limit of \(maxWidth)x\(maxHeight)"
        case let .decodedSizeTooLarge(width, height, bytes, maxBytes):
            return "Imaging: \(width)x\(height) image decodes to \(bytes) bytes, over the limit of \(maxBytes)"
        case let .invalidDimensions(width, height, operation):
            return "Imaging: \(operation) needs a positive size, got \(width)x\(height)"
        case let .pixelCountMismatch(width, height, expectedBytes, actualBytes):
            return "Imaging: a \(width)x\(height) RGBA8 image needs \(expectedBytes) bytes, got \(actualBytes)"
        case let .cropOutOfBounds(width, height, imageWidth, imageHeight):
            return "Imaging: crop of \(width)x\(height) does not fit in a \(imageWidth)x\(imageHeight) image"
        case let .maskSizeMismatch(maskWidth, maskHeight, imageWidth, imageHeight):
            return "Imaging: mask of \(maskWidth)x\(maskHeight) does not match the \(imageWidth)x\(imageHeight) image"
        case let .encodeFailed(width, height, message):
            return "Imaging: could not encode a \(width)x\(height) PNG: \(message)"
        }
    }
}
