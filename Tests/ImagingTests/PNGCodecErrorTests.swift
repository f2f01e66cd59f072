import Foundation
import Testing
@testable import Imaging

@Suite("PNG codec errors")
struct PNGCodecErrorTests {
    static func validPNG() throws -> Data {
        try PNGCodec.encode(PNGCodecTests.patterned(width: 16, height: 16))
    }

    @Test("bytes without the PNG signature are notPNG", arguments: [Data(), Data("GIF89a....".utf8), Data([0x89, 0x50])])
    func notPNG(data: Data) {
        #expect(throws: ImagingError.notPNG(byteCount: data.count)) { try PNGCodec.decode(data) }
    }

    @Test("a PNG cut short is truncated, wherever the cut falls", arguments: [9, 20, 33, 60, -12, -1])
    func truncated(cut: Int) throws {
        let full = try Self.validPNG()
        let length = cut > 0 ? cut : full.count + cut
        let data = full.prefix(length)
        do {
            _ = try PNGCodec.decode(Data(data))
            Issue.record("decoded a PNG cut to \(length) of \(full.count) bytes")
        } catch {
            guard case let .truncated(byteCount, _, neededBytes) = error else {
                Issue.record("expected truncated, got \(error)")
                return
            }
            #expect(byteCount == length)
            #expect(neededBytes > length)
        }
    }

    @Test("a flipped byte inside IDAT is corrupt (CRC) and reported by stage")
    func corruptData() throws {
        var bytes = [UInt8](try Self.validPNG())
        let idat = try #require(Self.find("IDAT", in: bytes))
        bytes[idat + 8] ^= 0xFF  // first payload byte of IDAT; the chunk CRC no longer matches
        do {
            _ = try PNGCodec.decode(Data(bytes))
            Issue.record("decoded a corrupt PNG")
        } catch {
            guard case let .corrupt(stage, message) = error else {
                Issue.record("expected corrupt, got \(error)")
                return
            }
            #expect(stage == "pixels" || stage == "header")
            #expect(!message.isEmpty)
        }
    }

    @Test("an IHDR with an impossible bit depth is a corrupt header")
    func corruptHeader() throws {
        let data = PNGFixture.png(width: 1, height: 1, bitDepth: 7, colorType: .grey, rows: [[0]])
        do {
            _ = try PNGCodec.decode(data)
            Issue.record("decoded a PNG with bit depth 7")
        } catch {
            guard case .corrupt(stage: "header", _) = error else {
                Issue.record("expected corrupt header, got \(error)")
                return
            }
        }
    }

    @Test("a 10000x10000 header is refused from the header, before any pixel allocation")
    func oversizedHeader() {
        let data = PNGFixture.png(width: 10000, height: 10000, bitDepth: 8, colorType: .grey, rows: [[0]])
        #expect(throws: ImagingError.dimensionsTooLarge(width: 10000, height: 10000, maxWidth: 4096, maxHeight: 4096)) {
            try PNGCodec.decode(data)
        }
    }

    @Test("a width over the default limit alone is refused")
    func oversizedWidth() {
        let data = PNGFixture.png(width: 4097, height: 1, bitDepth: 8, colorType: .grey, rows: [[UInt8](repeating: 0, count: 4097)])
        #expect(throws: ImagingError.dimensionsTooLarge(width: 4097, height: 1, maxWidth: 4096, maxHeight: 4096)) {
            try PNGCodec.decode(data)
        }
    }

    @Test("a decompression bomb (a small file, a large image) is refused by the decoded-bytes limit")
    func decompressionBomb() throws {
        let black = try RGBAImage(width: 2048, height: 2048, fill: (0, 0, 0, 255))
        let bomb = try PNGCodec.encode(black)
        #expect(bomb.count < 200_000)  // 16 MiB of pixels in a small file
        let limits = ImageLimits(maxWidth: 4096, maxHeight: 4096, maxDecodedBytes: 1 << 20)
        #expect(throws: ImagingError.decodedSizeTooLarge(width: 2048, height: 2048, bytes: 2048 * 2048 * 4,
                                                         maxBytes: 1 << 20)) {
            try PNGCodec.decode(bomb, limits: limits)
        }
    }

    @Test("the error messages name the sizes involved")
    func messages() {
        let error = ImagingError.dimensionsTooLarge(width: 10000, height: 10000, maxWidth: 4096, maxHeight: 4096)
        #expect(error.description.contains("10000x10000"))
        #expect(error.description.contains("4096x4096"))
    }

    static func find(_ type: String, in bytes: [UInt8]) -> Int? {
        let needle = Array(type.utf8)
        guard bytes.count >= 8 else { return nil }
        for index in 4..<(bytes.count - 4) where Array(bytes[index..<index + 4]) == needle {
            return index - 4  // chunk start (length field)
        }
        return nil
    }
}
