import Imaging
import Tensor

/// How any RGBA image becomes the concept encoder's input `[1, 3, S, S]`:
///
/// 1. halve (2x2 average, `RGBAImage.resized`) while both sides are at least 2S, so large images
///    do not alias;
/// 2. if not S x S yet, scale to cover and centre-crop (`aspectFilled`);
/// 3. composite over white (what a viewer sees; transparent pixels carry no hidden colour since
///    resizing is premultiplied);
/// 4. `x = (v / 255 - mean) / std` per channel, channels first.
///
/// The recipe renders its scenes at S x S, so for an opaque S x S image steps 1-3 change nothing
/// and the input equals `encoder.preprocess` in Models/concept-encoder/encoder.py.
enum ConceptImageInput {
    static func tensor(from image: RGBAImage, size: Int, mean: Float, std: Float) throws(ScreeningError) -> Tensor {
        var image = image
        do {
            while image.width >= 2 * size, image.height >= 2 * size {
                image = try image.resized(width: image.width / 2, height: image.height / 2)
            }
            if image.width != size || image.height != size {
                image = try image.aspectFilled(width: size, height: size)
            }
        } catch {
            throw .imageUnusable(reason: "\(image.width)x\(image.height) to \(size)x\(size): \(error)")
        }
        let pixels = size * size
        var data = [Float](repeating: 0, count: 3 * pixels)              // [3, S, S]
        image.pixels.withUnsafeBufferPointer { rgba in
            for p in 0..<pixels {
                let alpha = Float(rgba[p * 4 + 3]) / 255
                for c in 0..<3 {
                    let value = Float(rgba[p * 4 + c]) * alpha + 255 * (1 - alpha)
                    data[c * pixels + p] = (value / 255 - mean) / std
                }
            }
        }
        return Tensor(shape: [1, 3, size, size], data: data)
    }
}
