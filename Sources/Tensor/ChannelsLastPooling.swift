/// Pooling over channels-last activations (one image as a row-major `[H·W, C]` matrix), in
/// caller-owned buffers; the companions of ``ChannelsLastConvolution``.
public enum ChannelsLastPooling {
    /// Max pooling with a `kernel` x `kernel` window, `parameters`' strides and (possibly
    /// asymmetric) padding; padded positions never win (ONNX `MaxPool` semantics: they count as
    /// minus infinity). Writes `[HO·WO, C]` to `output` and returns `(HO, WO)`.
    @discardableResult
    public static func maxPool(_ input: UnsafePointer<Float>, height: Int, width: Int, channels: Int,
                               kernel: Int, parameters p: Conv2dParameters,
                               into output: UnsafeMutablePointer<Float>) -> (height: Int, width: Int) {
        guard let outHeight = p.outputExtent(input: height, kernel: kernel, stride: p.strideY, before: p.padTop, after: p.padBottom),
              let outWidth = p.outputExtent(input: width, kernel: kernel, stride: p.strideX, before: p.padLeft, after: p.padRight),
              kernel > 0 else {
            preconditionFailure("maxPool: window \(kernel) with \(p) does not fit \(height)x\(width)")
        }
        for oy in 0..<outHeight {
            let y0 = max(oy * p.strideY - p.padTop, 0), y1 = min(oy * p.strideY - p.padTop + kernel, height)
            for ox in 0..<outWidth {
                let x0 = max(ox * p.strideX - p.padLeft, 0), x1 = min(ox * p.strideX - p.padLeft + kernel, width)
                let out = output + (oy * outWidth + ox) * channels
                // Sixteen channels at a time in registers, then the tail one by one.
                var c = 0
                while c + 16 <= channels {
                    var best = SIMD16<Float>(repeating: -.infinity)
                    for y in y0..<max(y0, y1) {
                        for x in x0..<max(x0, x1) {
                            let v = UnsafeRawPointer(input + (y * width + x) * channels + c).loadUnaligned(as: SIMD16<Float>.self)
                            best.replace(with: v, where: v .> best)   // a vector max (pointwiseMax is not)
                        }
                    }
                    UnsafeMutableRawPointer(out + c).storeBytes(of: best, as: SIMD16<Float>.self)
                    c += 16
                }
                while c < channels {
                    var best = -Float.infinity
                    for y in y0..<max(y0, y1) {
                        for x in x0..<max(x0, x1) { best = max(best, input[(y * width + x) * channels + c]) }
                    }
                    out[c] = best
                    c += 1
                }
            }
        }
        return (outHeight, outWidth)
    }

    /// The mean over all `pixels` rows of `[pixels, C]`: a global average pool (the 7x7 average
    /// pool over a 7x7 map of a ResNet head). Writes `C` values to `output`.
    public static func globalAveragePool(_ input: UnsafePointer<Float>, pixels: Int, channels: Int,
                                         into output: UnsafeMutablePointer<Float>) {
        precondition(pixels > 0, "globalAveragePool: no pixels")
        output.update(repeating: 0, count: channels)
        for r in 0..<pixels {
            let row = input + r * channels
            for c in 0..<channels { output[c] += row[c] }
        }
        let scale = 1 / Float(pixels)
        for c in 0..<channels { output[c] *= scale }
    }
}
