import Foundation
import Testing
@testable import Imaging

@Suite("PNG codec")
struct PNGCodecTests {
    /// A 7x5 image whose every byte differs from its neighbours, alpha included.
    static func patterned(width: Int = 7, height: Int = 5) throws -> RGBAImage {
        let pixels = (0..<(width * height * 4)).map { UInt8(($0 * 37 + 11) % 256) }
        return try RGBAImage(width: width, height: height, pixels: pixels)
    }

    @Test("an RGBA image survives encode then decode byte for byte")
    func roundTrip() throws {
        let image = try Self.patterned()
        let data = try PNGCodec.encode(image)
        #expect(Array(data.prefix(8)) == PNGCodec.signature)
        #expect(try PNGCodec.decode(data) == image)
    }

    @Test("a 1x1 image round-trips")
    func onePixel() throws {
        let image = try RGBAImage(width: 1, height: 1, pixels: [1, 2, 3, 4])
        #expect(try PNGCodec.decode(PNGCodec.encode(image)) == image)
        #expect(try PNGCodec.dimensions(of: PNGCodec.encode(image)) == (1, 1))
    }

    @Test("8-bit grey decodes to opaque RGBA with equal channels")
    func grey8() throws {
        let data = PNGFixture.png(width: 3, height: 1, bitDepth: 8, colorType: .grey, rows: [[0, 200, 255]])
        let image = try PNGCodec.decode(data)
        #expect(image.pixels == [0, 0, 0, 255, 200, 200, 200, 255, 255, 255, 255, 255])
    }

    @Test("1-bit grey unpacks to black and white")
    func grey1() throws {
        let data = PNGFixture.png(width: 3, height: 1, bitDepth: 1, colorType: .grey, rows: [[0b1010_0000]])
        let image = try PNGCodec.decode(data)
        #expect(image.pixels == [255, 255, 255, 255, 0, 0, 0, 255, 255, 255, 255, 255])
    }

    @Test("8-bit grey+alpha keeps its alpha, straight (not premultiplied)")
    func greyAlpha8() throws {
        let data = PNGFixture.png(width: 2, height: 1, bitDepth: 8, colorType: .greyAlpha,
                                  rows: [[10, 255, 250, 128]])
        let image = try PNGCodec.decode(data)
        #expect(image.pixels == [10, 10, 10, 255, 250, 250, 250, 128])
    }

    @Test("8-bit RGB decodes to opaque RGBA")
    func rgb8() throws {
        let data = PNGFixture.png(width: 2, height: 1, bitDepth: 8, colorType: .rgb, rows: [[1, 2, 3, 250, 251, 252]])
        #expect(try PNGCodec.decode(data).pixels == [1, 2, 3, 255, 250, 251, 252, 255])
    }

    @Test("a palette image with tRNS decodes its colours and per-entry alpha")
    func palette8() throws {
        let palette: [UInt8] = [255, 0, 0, 0, 255, 0, 0, 0, 255]
        let data = PNGFixture.png(width: 3, height: 2, bitDepth: 8, colorType: .palette,
                                  rows: [[0, 1, 2], [2, 1, 0]], palette: palette, transparency: [255, 64])
        let image = try PNGCodec.decode(data)
        #expect(image.width == 3 && image.height == 2)
        #expect(image.pixel(x: 0, y: 0) == [255, 0, 0, 255])
        #expect(image.pixel(x: 1, y: 0) == [0, 255, 0, 64])
        #expect(image.pixel(x: 2, y: 0) == [0, 0, 255, 255])  // beyond tRNS: opaque
        #expect(image.pixel(x: 0, y: 1) == [0, 0, 255, 255])
    }

    @Test("a 2-bit palette image unpacks its indices")
    func palette2() throws {
        let palette: [UInt8] = [0, 0, 0, 10, 20, 30, 40, 50, 60, 70, 80, 90]
        let data = PNGFixture.png(width: 4, height: 1, bitDepth: 2, colorType: .palette,
                                  rows: [[0b00_01_10_11]], palette: palette)
        let image = try PNGCodec.decode(data)
        #expect(image.pixels == [0, 0, 0, 255, 10, 20, 30, 255, 40, 50, 60, 255, 70, 80, 90, 255])
    }

    @Test("16-bit RGB without gamma information reads as sRGB: v*257 decodes to v")
    func rgb16() throws {
        let values: [UInt8] = [0, 17, 128, 200, 254, 255]
        let row = values.flatMap { [$0, $0] }  // big-endian v*257 is the byte v twice
        let data = PNGFixture.png(width: 2, height: 1, bitDepth: 16, colorType: .rgb, rows: [row])
        #expect(try PNGCodec.decode(data).pixels == [0, 17, 128, 255, 200, 254, 255, 255])
    }

    @Test("16-bit grey+alpha decodes to 8-bit channels")
    func greyAlpha16() throws {
        let data = PNGFixture.png(width: 1, height: 1, bitDepth: 16, colorType: .greyAlpha,
                                  rows: [[100, 100, 255, 255]])
        #expect(try PNGCodec.decode(data).pixels == [100, 100, 100, 255])
    }
}
