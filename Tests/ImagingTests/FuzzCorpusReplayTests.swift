import Foundation
import Testing
import Imaging

/// The PNG fuzz corpus (Fuzz/Corpus/png: seeds, and every input a fuzzer ever crashed on, kept
/// as `crash-*`) replayed through the same checks as Fuzz/Sources/FuzzPNG, so `make test`
/// catches a regression without building the fuzz package.
@Suite("PNG fuzz corpus replay")
struct PNGFuzzCorpusReplayTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fuzz/Corpus/png")

    static var files: [URL] {
        ((try? FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)) ?? [])
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
    }

    @Test("the corpus is there and holds the hand-made seeds")
    func corpusPresent() {
        #expect(Self.files.count >= 8)
    }

    @Test("every corpus input decodes to a consistent image or a typed error", arguments: files)
    func replay(file: URL) throws {
        let data = try Data(contentsOf: file)
        let limits = ImageLimits(maxWidth: 1024, maxHeight: 1024, maxDecodedBytes: 4 << 20)
        let image: RGBAImage
        do { image = try PNGCodec.decode(data, limits: limits) } catch {
            #expect(!error.description.isEmpty)
            return
        }
        #expect(image.pixels.count == image.width * image.height * 4)
        let size = try PNGCodec.dimensions(of: data)
        #expect(size.width == image.width && size.height == image.height)
        #expect(try PNGCodec.decode(try PNGCodec.encode(image), limits: limits) == image)
    }
}
