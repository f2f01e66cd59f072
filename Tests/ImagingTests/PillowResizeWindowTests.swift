import Testing
@testable import Imaging

@Suite("A window of Pillow's bilinear resize")
struct PillowResizeWindowTests {
    /// A deterministic image with every channel varying (no flat areas that would hide an off-by-one).
    static func image(width: Int, height: Int) throws -> RGBAImage {
        var state: UInt32 = 12345
        let pixels = (0..<(width * height * 4)).map { _ -> UInt8 in
            state = state &* 1_664_525 &+ 1_013_904_223
            return UInt8(truncatingIfNeeded: state >> 24)
        }
        return try RGBAImage(width: width, height: height, pixels: pixels)
    }

    @Test("equals the full resize cropped, up- and downscaling, odd sizes and windows",
          arguments: [[200, 200, 256, 256, 16, 16, 224, 224], [31, 17, 256, 256, 16, 16, 224, 224],
                      [640, 480, 256, 256, 16, 16, 224, 224], [1, 1, 8, 8, 0, 0, 8, 8],
                      [97, 53, 40, 70, 3, 11, 29, 41], [300, 9, 77, 5, 76, 4, 1, 1]])
    /// `c`: source width, height; resized width, height; window x, y, width, height.
    func matchesResizeThenCrop(c: [Int]) throws {
        let (sw, sh, w, h, x, y, ww, wh) = (c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7])
        let source = try Self.image(width: sw, height: sh)
        let expected = try source.resizedLikePillowBilinear(width: w, height: h).cropped(x: x, y: y, width: ww, height: wh)
        let window = try source.resizedLikePillowBilinear(width: w, height: h, window: (x: x, y: y, width: ww, height: wh))
        #expect(window.width == ww && window.height == wh)
        #expect(window.pixels == expected.pixels)
    }

    @Test("a window outside the resized image or of no size is a typed error")
    func badWindows() throws {
        let source = try Self.image(width: 10, height: 10)
        #expect(throws: ImagingError.cropOutOfBounds(width: 8, height: 8, imageWidth: 16, imageHeight: 16)) {
            try source.resizedLikePillowBilinear(width: 16, height: 16, window: (x: 9, y: 0, width: 8, height: 8))
        }
        #expect(throws: ImagingError.invalidDimensions(width: 0, height: 4, operation: "crop")) {
            try source.resizedLikePillowBilinear(width: 16, height: 16, window: (x: 0, y: 0, width: 0, height: 4))
        }
        #expect(throws: ImagingError.invalidDimensions(width: 0, height: 16, operation: "resize")) {
            try source.resizedLikePillowBilinear(width: 0, height: 16, window: (x: 0, y: 0, width: 1, height: 1))
        }
    }
}
