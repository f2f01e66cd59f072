extension Tensor {
    /// Nearest-neighbour upsampling by 2 in both spatial axes: `[N, C, H, W] -> [N, C, 2H, 2W]`,
    /// as PyTorch's `F.interpolate(x, scale_factor=2, mode="nearest")`.
    public func upsampledNearest2x() -> Tensor {
        precondition(rank == 4, "upsampledNearest2x: input \(shape) needs [N, C, H, W]")
        let planes = shape[0] * shape[1], height = shape[2], width = shape[3]
        var result = Tensor(zeros: [shape[0], shape[1], 2 * height, 2 * width])
        data.withUnsafeBufferPointer { x in
            result.data.withUnsafeMutableBufferPointer { y in
                for plane in 0..<planes {
                    let src = x.baseAddress! + plane * height * width
                    let dst = y.baseAddress! + plane * 4 * height * width
                    for iy in 0..<height {
                        let row = dst + 2 * iy * 2 * width
                        for ix in 0..<width {
                            let v = src[iy * width + ix]
                            row[2 * ix] = v
                            row[2 * ix + 1] = v
                        }
                        (row + 2 * width).update(from: row, count: 2 * width)
                    }
                }
            }
        }
        return result
    }

    /// Bilinear resize of the spatial axes, `[N, C, H, W] -> [N, C, height, width]`, as PyTorch's
    /// `F.interpolate(x, size=(height, width), mode="bilinear", align_corners=False)` without
    /// antialiasing (half-pixel centres, edge samples clamped).
    public func resizedBilinear(height outHeight: Int, width outWidth: Int) -> Tensor {
        precondition(rank == 4 && outHeight > 0 && outWidth > 0 && shape[2] > 0 && shape[3] > 0,
                     "resizedBilinear: input \(shape) needs non-empty [N, C, H, W], target \(outHeight)x\(outWidth)")
        let planes = shape[0] * shape[1], height = shape[2], width = shape[3]
        let ys = Tensor.bilinearTaps(input: height, output: outHeight)
        let xs = Tensor.bilinearTaps(input: width, output: outWidth)
        var result = Tensor(zeros: [shape[0], shape[1], outHeight, outWidth])
        data.withUnsafeBufferPointer { x in
            result.data.withUnsafeMutableBufferPointer { y in
                for plane in 0..<planes {
                    let src = x.baseAddress! + plane * height * width
                    let dst = y.baseAddress! + plane * outHeight * outWidth
                    for oy in 0..<outHeight {
                        let (y0, y1, wy) = ys[oy]
                        let row0 = src + y0 * width, row1 = src + y1 * width
                        for ox in 0..<outWidth {
                            let (x0, x1, wx) = xs[ox]
                            let top = row0[x0] + (row0[x1] - row0[x0]) * wx
                            let bottom = row1[x0] + (row1[x1] - row1[x0]) * wx
                            dst[oy * outWidth + ox] = top + (bottom - top) * wy
                        }
                    }
                }
            }
        }
        return result
    }

    /// For each output index: the two input indices and the weight of the second.
    private static func bilinearTaps(input: Int, output: Int) -> [(Int, Int, Float)] {
        let scale = Float(input) / Float(output)
        return (0..<output).map { o in
            let source = max((Float(o) + 0.5) * scale - 0.5, 0)
            let i0 = min(Int(source), input - 1)
            let i1 = min(i0 + 1, input - 1)
            return (i0, i1, source - Float(i0))
        }
    }
}
