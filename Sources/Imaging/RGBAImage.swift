/// An image of `width` x `height` pixels, four bytes each (red, green, blue, alpha; straight,
/// not premultiplied alpha), rows top to bottom.
public struct RGBAImage: Sendable, Equatable {
    /// Width in pixels.
    public let width: Int
    /// Height in pixels.
    public let height: Int
    /// `width * height * 4` bytes, row-major, RGBA8.
    public var pixels: [UInt8]

    /// An image over existing pixels; throws when the buffer size does not match the size.
    public init(width: Int, height: Int, pixels: [UInt8]) throws(ImagingError) {
        guard width > 0, height > 0 else {
            throw .invalidDimensions(width: width, height: height, operation: "RGBAImage")
        }
        let (count, overflow) = width.multipliedReportingOverflow(by: height * 4)
        guard !overflow, pixels.count == count else {
            throw .pixelCountMismatch(width: width, height: height,
                                      expectedBytes: overflow ? Int.max : count, actualBytes: pixels.count)
        }
        self.width = width
        self.height = height
        self.pixels = pixels
    }

    /// An image filled with one colour.
    public init(width: Int, height: Int, fill: (red: UInt8, green: UInt8, blue: UInt8, alpha: UInt8))
        throws(ImagingError) {
        guard width > 0, height > 0, width <= Int(Int32.max), height <= Int(Int32.max) else {
            throw .invalidDimensions(width: width, height: height, operation: "RGBAImage")
        }
        var pixels = [UInt8](repeating: 0, count: width * height * 4)
        for index in stride(from: 0, to: pixels.count, by: 4) {
            pixels[index] = fill.red
            pixels[index + 1] = fill.green
            pixels[index + 2] = fill.blue
            pixels[index + 3] = fill.alpha
        }
        self.width = width
        self.height = height
        self.pixels = pixels
    }

    /// Byte offset of pixel (x, y) in `pixels`.
    @inlinable
    public func offset(x: Int, y: Int) -> Int { (y * width + x) * 4 }

    /// The four channels of pixel (x, y).
    public func pixel(x: Int, y: Int) -> [UInt8] {
        let start = offset(x: x, y: y)
        return Array(pixels[start..<start + 4])
    }
}
