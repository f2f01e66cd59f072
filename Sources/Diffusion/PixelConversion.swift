import Imaging

/// Pixels <-> the models' planar `[3, H, W]` floats in [-1, 1] (`x = p / 127.5 − 1`;
/// back: `round((clamp(x, −1, 1) + 1) · 127.5)`, as the recipes' evaluation does).
enum PixelConversion {
    static func planar(from image: RGBAImage) -> [Float] {
        let pixels = image.width * image.height
        var result = [Float](repeating: 0, count: 3 * pixels)
        for i in 0..<pixels {
            for c in 0..<3 { result[c * pixels + i] = Float(image.pixels[4 * i + c]) / 127.5 - 1 }
        }
        return result
    }

    static func image(fromPlanar x: [Float], size: Int) throws(DiffusionError) -> RGBAImage {
        let pixels = size * size
        var bytes = [UInt8](repeating: 255, count: 4 * pixels)
        for i in 0..<pixels {
            for c in 0..<3 {
                let v = (min(max(x[c * pixels + i], -1), 1) + 1) * 127.5
                bytes[4 * i + c] = UInt8(v.rounded())
            }
        }
        do { return try RGBAImage(width: size, height: size, pixels: bytes) } catch {
            throw .invalidInput(reason: "cannot make a \(size)x\(size) image: \(error)")
        }
    }
}
