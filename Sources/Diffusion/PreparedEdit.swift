import Imaging

/// An edit request in the base model's terms. The model's mask channel is 1 = known pixel to
/// keep; an `EditMask` weight >= 0.5 (alpha <= 127) marks a pixel to regenerate, the rest is
/// kept and, after sampling, restored exactly from the input image.
struct PreparedEdit {
    /// The input at the request's size, and its keep mask (1 = keep) at that size.
    let image: RGBAImage
    let keep: [Bool]
    /// The input at the base model's size and its keep mask there.
    let lowImage: RGBAImage
    let lowKeep: [Bool]
    /// Channels 3...6 of the base input: masked image `x0 · mask` (3) and the mask (1).
    let baseChannels: [Float]

    init(_ input: InpaintingInput, modelSize: Int) throws(DiffusionError) {
        image = input.image
        keep = input.mask.weights.map { $0 < 0.5 }
        if input.image.width == modelSize {
            lowImage = input.image
            lowKeep = keep
        } else {
            do {
                lowImage = try input.image.resized(width: modelSize, height: modelSize)
                lowKeep = try input.mask.resized(width: modelSize, height: modelSize).weights.map { $0 < 0.5 }
            } catch {
                throw .invalidInput(reason: "edit image or mask cannot be resized to \(modelSize)x\(modelSize): \(error)")
            }
        }
        let pixels = modelSize * modelSize
        let planar = PixelConversion.planar(from: lowImage)
        var channels = [Float](repeating: 0, count: 4 * pixels)
        for i in 0..<pixels where lowKeep[i] {
            for c in 0..<3 { channels[c * pixels + i] = planar[c * pixels + i] }
            channels[3 * pixels + i] = 1
        }
        baseChannels = channels
    }

    /// `out = mask · original + (1 − mask) · sample`: kept pixels copied exactly (alpha 255).
    func restoreKnownPixels(in sample: RGBAImage, original: RGBAImage) -> RGBAImage {
        let mask = sample.width == image.width ? keep : lowKeep
        var result = sample
        for i in 0..<mask.count where mask[i] {
            for c in 0..<3 { result.pixels[4 * i + c] = original.pixels[4 * i + c] }
        }
        return result
    }
}
