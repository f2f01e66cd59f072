import Dispatch
import Foundation
import Imaging

/// The concept encoder's row of `warden bench image-screening`: milliseconds per image for
/// `ConceptImageEncoder.embed` (preprocessing included), one image at a time, at the input size the
/// generator returns (64x64) and at 256x256 (the upsampler's size, halved twice before the network).
public struct ConceptEncoderBenchmark: Sendable {
    public struct Row: Sendable, Equatable, Codable {
        public var model: String
        public var imageSize: Int
        public var images: Int
        public var p50Ms: Double
        public var meanMs: Double

        public var line: String {
            "\(model) \(imageSize)x\(imageSize): "
                + String(format: "p50 %.2f ms, mean %.2f ms per image (%d images)", p50Ms, meanMs, images)
        }
    }

    public let encoder: ConceptImageEncoder

    public init(encoder: ConceptImageEncoder) { self.encoder = encoder }

    /// Embeds `images` distinct synthetic images of `size` (after 3 warm-up passes) and reports
    /// the wall-clock p50 and mean.
    public func run(size: Int, images: Int = 50) throws(ScreeningError) -> Row {
        let inputs = try (0..<max(1, images)).map { i throws(ScreeningError) -> RGBAImage in
            try Self.pattern(size: size, seed: i)
        }
        for image in inputs.prefix(3) { _ = try encoder.embed(image) }
        var times: [Double] = []
        for image in inputs {
            let start = DispatchTime.now().uptimeNanoseconds
            _ = try encoder.embed(image)
            times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
        }
        let sorted = times.sorted()
        return Row(model: "concept encoder", imageSize: size, images: times.count,
                   p50Ms: sorted[sorted.count / 2], meanMs: times.reduce(0, +) / Double(times.count))
    }

    /// A deterministic coloured pattern (so no two benchmark images are equal).
    static func pattern(size: Int, seed: Int) throws(ScreeningError) -> RGBAImage {
        var pixels = [UInt8](repeating: 255, count: size * size * 4)
        for y in 0..<size {
            for x in 0..<size {
                let o = (y * size + x) * 4
                pixels[o] = UInt8(truncatingIfNeeded: x * 3 + seed * 17)
                pixels[o + 1] = UInt8(truncatingIfNeeded: y * 5 + seed * 29)
                pixels[o + 2] = UInt8(truncatingIfNeeded: (x ^ y) + seed * 7)
            }
        }
        do {
            return try RGBAImage(width: size, height: size, pixels: pixels)
        } catch {
            throw .imageUnusable(reason: "benchmark image \(size)x\(size): \(error)")
        }
    }
}
