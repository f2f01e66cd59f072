import CPNG
import Foundation

/// PNG decoding and encoding through libpng's simplified `png_image_*` API (the classic API
/// reports errors by longjmp, which Swift cannot survive).
///
/// Decoding walks the chunk structure first (signature, chunk lengths, IEND present), then
/// reads the header with `png_image_begin_read_from_memory`, checks ``ImageLimits`` against
/// the declared size, and only then allocates the RGBA8 buffer and lets libpng fill it.
/// Grey, grey+alpha, palette (with or without tRNS), RGB, RGBA, 1- to 16-bit inputs all come
/// out as straight-alpha RGBA8. 16-bit samples without gamma information are read as sRGB
/// (`PNG_IMAGE_FLAG_16BIT_sRGB`), so a 16-bit value `v * 257` decodes to `v`.
public enum PNGCodec {
    /// The eight bytes every PNG starts with.
    public static let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    /// Decodes a PNG to RGBA8, refusing anything beyond `limits` before allocating for it.
    public static func decode(_ data: Data, limits: ImageLimits = .default) throws(ImagingError) -> RGBAImage {
        // One closure for the whole read: libpng keeps the input pointer between the calls.
        let result = data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) -> Result<RGBAImage, ImagingError> in
            do throws(ImagingError) {
                return .success(try decode(bytes: bytes, limits: limits))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    /// Reads only the header: the declared width and height, after the same structural checks
    /// as ``decode(_:limits:)``. Allocates nothing for pixels.
    public static func dimensions(of data: Data) throws(ImagingError) -> (width: Int, height: Int) {
        let result = data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) -> Result<(Int, Int), ImagingError> in
            do throws(ImagingError) {
                try checkChunkStructure(bytes)
                let image = PNGImageControl()
                defer { image.free() }
                try image.beginRead(bytes)
                return .success((Int(image.pointer.pointee.width), Int(image.pointer.pointee.height)))
            } catch {
                return .failure(error)
            }
        }
        let (width, height) = try result.get()
        return (width, height)
    }

    private static func decode(bytes: UnsafeRawBufferPointer, limits: ImageLimits) throws(ImagingError) -> RGBAImage {
        try checkChunkStructure(bytes)
        let image = PNGImageControl()
        defer { image.free() }
        try image.beginRead(bytes)
        let width = Int(image.pointer.pointee.width)
        let height = Int(image.pointer.pointee.height)
        try limits.check(width: width, height: height)
        image.pointer.pointee.format = WARDEN_PNG_FORMAT_RGBA
        image.pointer.pointee.flags |= WARDEN_PNG_IMAGE_FLAG_16BIT_SRGB
        var pixels = [UInt8](repeating: 0, count: width * height * 4)
        let finished = pixels.withUnsafeMutableBytes { buffer in
            png_image_finish_read(image.pointer, nil, buffer.baseAddress, png_int_32(width * 4), nil)
        }
        guard finished != 0 else { throw .corrupt(stage: "pixels", message: image.message) }
        return try RGBAImage(width: width, height: height, pixels: pixels)
    }

    /// Encodes an RGBA8 image as an 8-bit RGBA PNG.
    public static func encode(_ image: RGBAImage) throws(ImagingError) -> Data {
        guard image.width <= Int(Int32.max) / 4, image.height <= Int(Int32.max) else {
            throw .invalidDimensions(width: image.width, height: image.height, operation: "encode")
        }
        let header = PNGImageControl()
        defer { header.free() }
        header.pointer.pointee.width = png_uint_32(image.width)
        header.pointer.pointee.height = png_uint_32(image.height)
        header.pointer.pointee.format = WARDEN_PNG_FORMAT_RGBA
        let stride = png_int_32(image.width * 4)
        var size: png_alloc_size_t = 0
        let sized = image.pixels.withUnsafeBytes { pixels in
            png_image_write_to_memory(header.pointer, nil, &size, 0, pixels.baseAddress, stride, nil)
        }
        guard sized != 0, size > 0 else {
            throw .encodeFailed(width: image.width, height: image.height, message: header.message)
        }
        var output = Data(count: Int(size))
        let written = output.withUnsafeMutableBytes { destination in
            image.pixels.withUnsafeBytes { pixels in
                png_image_write_to_memory(header.pointer, destination.baseAddress, &size, 0,
                                          pixels.baseAddress, stride, nil)
            }
        }
        guard written != 0 else {
            throw .encodeFailed(width: image.width, height: image.height, message: header.message)
        }
        output.count = Int(size)
        return output
    }

    /// Checks the signature and walks the chunks up to IEND without decompressing anything, so
    /// a cut-off stream is reported as truncated rather than as whatever libpng trips on.
    static func checkChunkStructure(_ bytes: UnsafeRawBufferPointer) throws(ImagingError) {
        guard bytes.count >= signature.count, bytes.prefix(signature.count).elementsEqual(signature) else {
            throw .notPNG(byteCount: bytes.count)
        }
        var offset = signature.count
        while true {
            guard offset + 8 <= bytes.count else {
                throw .truncated(byteCount: bytes.count, chunkOffset: offset, neededBytes: offset + 12)
            }
            let length = bytes[offset..<offset + 4].reduce(0) { ($0 << 8) | Int($1) }
            guard length <= Int(Int32.max) else {
                throw .corrupt(stage: "chunks", message: "chunk at byte \(offset) declares length \(length)")
            }
            let type = String(decoding: bytes[offset + 4..<offset + 8], as: UTF8.self)
            let end = offset + 12 + length
            guard end <= bytes.count else {
                throw .truncated(byteCount: bytes.count, chunkOffset: offset, neededBytes: end)
            }
            if type == "IEND" { return }
            offset = end
        }
    }
}
