import Foundation
import Imaging
import Testing
@testable import Screening

/// Bad and unusual images on the way to the nudity classifier (issue #9): typed errors or
/// correct handling, never a crash. Decoder-level cases with hand-built PNGs (every bit depth,
/// forged headers, bombs) are in ImagingTests; these run real files through decode + score.
/// Fixtures: `Models/nudity/golden/formats/*.png`, made by
/// `Models/nudity/.venv/bin/python Models/nudity/golden.py formats`.
@Suite("open_nsfw nudity classifier: bad input")
struct NudityBadInputTests {
    static func format(_ name: String) throws -> RGBAImage {
        try PNGCodec.decode(Data(contentsOf: NudityGolden.modelDirectory
            .appendingPathComponent("golden/formats").appendingPathComponent(name)))
    }

    @Test("a truncated PNG is a typed error before the classifier, wherever the cut falls",
          arguments: [8, 33, 100, 1000, -13, -1])
    func truncated(cut: Int) throws {
        let data = try NudityGolden.imageData("photo_chelsea.png")
        let kept = cut > 0 ? data.prefix(cut) : data.dropLast(-cut)
        #expect(throws: ImagingError.self) { _ = try PNGCodec.decode(Data(kept)) }
        do {
            _ = try PNGCodec.decode(Data(kept))
        } catch {
            if case .truncated = error {} else { Issue.record("cut at \(cut): \(error), expected truncated") }
        }
    }

    @Test("a 1x1 image scores as a flat 256x256 image of its colour (Pillow's resize of one pixel)")
    func onePixel() throws {
        let classifier = try NudityClassifier.load(modelDirectory: NudityGolden.modelDirectory)
        let colour: (red: UInt8, green: UInt8, blue: UInt8, alpha: UInt8) = (224, 172, 140, 255)
        let tiny = try classifier.score(try RGBAImage(width: 1, height: 1, fill: colour))
        let flat = try classifier.score(try RGBAImage(width: 256, height: 256, fill: colour))
        #expect((0...1).contains(tiny))
        #expect(tiny == flat)
    }

    @Test("extreme aspect ratios score without error", arguments: [(4000, 1), (1, 4000), (3, 2000)])
    func extremeAspect(width: Int, height: Int) throws {
        let classifier = try NudityClassifier.load(modelDirectory: NudityGolden.modelDirectory)
        var pixels = [UInt8](repeating: 255, count: width * height * 4)
        for i in stride(from: 0, to: pixels.count, by: 4) { pixels[i] = UInt8(i / 4 % 256) }
        let score = try classifier.score(try RGBAImage(width: width, height: height, pixels: pixels))
        #expect(score.isFinite && (0...1).contains(score))
    }

    @Test("an image over the pixel limit is imageTooLarge, not a giant resize")
    func tooLarge() throws {
        let loaded = try NudityClassifier.load(modelDirectory: NudityGolden.modelDirectory)
        let classifier = NudityClassifier(network: loaded.network, preprocessor: loaded.preprocessor, maxPixels: 100)
        let image = try RGBAImage(width: 11, height: 10, fill: (0, 0, 0, 255))
        #expect(throws: ScreeningError.imageTooLarge(width: 11, height: 10, maxPixels: 100)) {
            _ = try classifier.score(image)
        }
        #expect(try classifier.score(try RGBAImage(width: 10, height: 10, fill: (0, 0, 0, 255))) >= 0)
    }

    @Test("16-bit PNGs (samples v*257) score exactly as their 8-bit twins",
          arguments: [("grey16.png", "grey8.png"), ("rgb16.png", "rgb8.png")])
    func sixteenBit(wide: String, narrow: String) throws {
        let classifier = try NudityClassifier.load(modelDirectory: NudityGolden.modelDirectory)
        let a = try Self.format(wide), b = try Self.format(narrow)
        #expect(a.pixels == b.pixels)
        #expect(try classifier.score(a) == classifier.score(b))
    }

    @Test("grey + alpha scores as the grey alone: alpha is ignored, as the reference ignores it")
    func greyAlpha() throws {
        let classifier = try NudityClassifier.load(modelDirectory: NudityGolden.modelDirectory)
        let withAlpha = try Self.format("grey_alpha8.png"), grey = try Self.format("grey8.png")
        #expect(withAlpha.pixels.enumerated().contains { $0.offset % 4 == 3 && $0.element < 255 })
        #expect(try classifier.score(withAlpha) == classifier.score(grey))
    }

    @Test("a forged 10000x10000 header in a real file is refused from the header")
    func forgedHeader() throws {
        var data = try NudityGolden.imageData("photo_chelsea.png")
        // IHDR data starts at byte 16: width and height, big-endian; then fix the chunk's CRC.
        let size: [UInt8] = [0, 0, 0x27, 0x10, 0, 0, 0x27, 0x10]
        data.replaceSubrange(16..<24, with: size)
        let crc = Self.crc32(Array(data[12..<29]))
        data.replaceSubrange(29..<33, with: [UInt8(crc >> 24), UInt8(crc >> 16 & 0xFF), UInt8(crc >> 8 & 0xFF), UInt8(crc & 0xFF)])
        let declared = try PNGCodec.dimensions(of: data)
        #expect(declared.width == 10000 && declared.height == 10000)
        #expect(throws: ImagingError.dimensionsTooLarge(width: 10000, height: 10000, maxWidth: 4096, maxHeight: 4096)) {
            _ = try PNGCodec.decode(data)
        }
    }

    /// PNG's CRC-32 (ISO 3309, reflected, polynomial 0xEDB88320) over chunk type and data.
    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }
}

@Suite("onnxruntime reference benchmark runner")
struct OnnxRuntimeReferenceBenchmarkTests {
    @Test("without the recipe's venv the column is skipped with the command that makes it")
    func noVenv() {
        let empty = FileManager.default.temporaryDirectory.appendingPathComponent("warden-no-venv-\(UUID().uuidString)")
        let runner = OnnxRuntimeReferenceBenchmark(directory: empty, image: empty.appendingPathComponent("x.png"))
        guard case let .failure(.noVenv(_, python, makeIt)) = runner.run() else {
            Issue.record("expected noVenv")
            return
        }
        #expect(python.hasSuffix(".venv/bin/python"))
        #expect(makeIt.contains("make_model.sh --venv-only"))
    }
}
