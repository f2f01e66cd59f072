import Foundation
import FuzzDriver
import Imaging

/// libFuzzer entry: PNG bytes -> `PNGCodec.decode`. A decoded image must have the declared
/// size and survive an encode/decode round trip unchanged, and `dimensions(of:)` must agree.
/// Limits are the gateway's upload scale (1024 x 1024), so one input never allocates 64 MiB.
func fuzzPNG(_ bytes: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let input = Data(fuzzBytes(bytes, count))
    // Each input twice: as given, and with every chunk's CRC recomputed, so mutations reach
    // libpng's decoding instead of stopping at its CRC check (libpng itself is the system's
    // library, not instrumented, so coverage cannot steer past the CRC on its own).
    check(input)
    check(withChunkCRCsFixed(input))
    return 0
}

/// Decodes `data` and checks what a decoded image must satisfy.
func check(_ data: Data) {
    let limits = ImageLimits(maxWidth: 1024, maxHeight: 1024, maxDecodedBytes: 4 << 20)
    guard let image = try? PNGCodec.decode(data, limits: limits) else { return }
    precondition(image.pixels.count == image.width * image.height * 4, "pixel buffer does not match the size")
    guard let size = try? PNGCodec.dimensions(of: data), size.width == image.width, size.height == image.height else {
        preconditionFailure("dimensions(of:) disagrees with decode")
    }
    guard let encoded = try? PNGCodec.encode(image), let again = try? PNGCodec.decode(encoded, limits: limits),
          again == image else {
        preconditionFailure("a decoded image does not survive an encode/decode round trip")
    }
    _ = EditMask(transparencyOf: image)
}

/// `data` with the CRC of every complete chunk after the signature rewritten to match its type
/// and data (the walk stops at the first chunk that runs past the end).
func withChunkCRCsFixed(_ data: Data) -> Data {
    var bytes = [UInt8](data)
    var offset = 8
    while offset + 12 <= bytes.count {
        let length = bytes[offset..<offset + 4].reduce(0) { ($0 << 8) | Int($1) }
        guard length <= bytes.count - offset - 12 else { break }
        let crc = crc32(bytes[offset + 4..<offset + 8 + length])
        for index in 0..<4 { bytes[offset + 8 + length + index] = UInt8(truncatingIfNeeded: crc >> (24 - 8 * index)) }
        offset += 12 + length
    }
    return Data(bytes)
}

/// CRC-32 (ISO-HDLC, the PNG chunk CRC), bit by bit: inputs are small.
func crc32(_ bytes: ArraySlice<UInt8>) -> UInt32 {
    var crc: UInt32 = 0xFFFF_FFFF
    for byte in bytes {
        crc ^= UInt32(byte)
        for _ in 0..<8 { crc = (crc >> 1) ^ (0xEDB8_8320 & (0 &- (crc & 1))) }
    }
    return ~crc
}
