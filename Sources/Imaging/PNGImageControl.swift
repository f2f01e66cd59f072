import CPNG

/// A `png_image` at a fixed heap address. libpng's simplified API registers the address of the
/// `png_image` as its error pointer and writes messages there, so the struct must not move
/// between `png_image_begin_read_*` and `png_image_finish_read` (a Swift local may be copied).
final class PNGImageControl {
    /// The image control block, zeroed with `version = PNG_IMAGE_VERSION`.
    let pointer: UnsafeMutablePointer<png_image>

    init() {
        pointer = UnsafeMutablePointer<png_image>.allocate(capacity: 1)
        var blank = png_image()
        blank.version = png_uint_32(PNG_IMAGE_VERSION)
        pointer.initialize(to: blank)
    }

    /// `png_image_begin_read_from_memory`; `bytes` must outlive this control's use.
    func beginRead(_ bytes: UnsafeRawBufferPointer) throws(ImagingError) {
        guard png_image_begin_read_from_memory(pointer, bytes.baseAddress, bytes.count) != 0 else {
            throw .corrupt(stage: "header", message: message)
        }
    }

    /// libpng's error or warning text.
    var message: String {
        withUnsafeBytes(of: &pointer.pointee.message) { raw in
            let text = raw.prefix { $0 != 0 }
            return text.isEmpty ? "libpng reported failure without a message" : String(decoding: text, as: UTF8.self)
        }
    }

    /// Releases libpng's state (safe to call more than once) and the control block.
    func free() {
        png_image_free(pointer)
        pointer.deinitialize(count: 1)
        pointer.deallocate()
    }
}
