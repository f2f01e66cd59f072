import Foundation
import FuzzDriver
import Imaging

/// libFuzzer entry: PNG bytes -> `PNGCodec.decode`. A decoded image must have the declared
/// size and survive an encode/decode round trip unchanged, and `dimensions(of:)` must agree.
/// Limits are the gateway's upload scale (1024 x 1024), so one input never allocates 64 MiB.
func fuzzPNG(_ bytes: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let input = fuzzBytes(bytes, count)
    let data = Data(input)
    let limits = ImageLimits(maxWidth: 1024, maxHeight: 1024, maxDecodedBytes: 4 << 20)
    guard let image = try? PNGCodec.decode(data, limits: limits) else { return 0 }
    precondition(image.pixels.count == image.width * image.height * 4, "pixel buffer does not match the size")
    guard let size = try? PNGCodec.dimensions(of: data), size.width == image.width, size.height == image.height else {
        preconditionFailure("dimensions(of:) disagrees with decode")
    }
    guard let encoded = try? PNGCodec.encode(image), let again = try? PNGCodec.decode(encoded, limits: limits),
          again == image else {
        preconditionFailure("a decoded image does not survive an encode/decode round trip")
    }
    _ = EditMask(transparencyOf: image)
    return 0
}
