import COpenBLAS

extension Tensor {
    /// Pointer form of a 2-D convolution over a batch stored channel-major, `[C, N, H, W]`
    /// (each channel's N planes side by side), so the whole batch is one sgemm:
    /// `output[O, N·HO·WO] = weight[O, C·KH·KW] · columns[C·KH·KW, N·HO·WO] + bias (+ residual)`.
    /// Same arithmetic as `conv2d(weight:bias:parameters:)` (PyTorch `nn.Conv2d`, groups = 1).
    ///
    /// - Parameters:
    ///   - columns: scratch of at least `C·KH·KW·N·HO·WO` floats (unused for 1x1, stride 1, no padding).
    ///   - residual: nil, or `[O, N, HO, WO]` added in the same sgemm; may be `output` itself.
    ///   - output: `[O, N, HO, WO]`; must not overlap `input` or `columns`.
    public static func conv2dChannelMajor(input: UnsafePointer<Float>, channels: Int, batch: Int,
                                          height: Int, width: Int,
                                          weight: UnsafePointer<Float>, outChannels: Int,
                                          kernelY: Int, kernelX: Int, parameters p: Conv2dParameters,
                                          bias: UnsafePointer<Float>?, residual: UnsafePointer<Float>? = nil,
                                          columns: UnsafeMutablePointer<Float>,
                                          output: UnsafeMutablePointer<Float>) {
        guard let outHeight = p.outputExtent(input: height, kernel: kernelY, stride: p.strideY, before: p.padTop, after: p.padBottom),
              let outWidth = p.outputExtent(input: width, kernel: kernelX, stride: p.strideX, before: p.padLeft, after: p.padRight) else {
            preconditionFailure("conv2dChannelMajor: kernel \(kernelY)x\(kernelX) with \(p) does not fit \(height)x\(width)")
        }
        let pixels = outHeight * outWidth
        let columnsWidth = batch * pixels
        let depth = channels * kernelY * kernelX
        guard columnsWidth > 0, outChannels > 0 else { return }
        var beta: Float = 0
        if let residual {
            if residual != UnsafePointer(output) { output.update(from: residual, count: outChannels * columnsWidth) }
            if let bias {
                for o in 0..<outChannels {
                    let row = output + o * columnsWidth, b = bias[o]
                    for i in 0..<columnsWidth { row[i] += b }
                }
            }
            beta = 1
        } else if let bias {
            for o in 0..<outChannels { (output + o * columnsWidth).update(repeating: bias[o], count: columnsWidth) }
            beta = 1
        }
        guard depth > 0 else {
            if beta == 0 { output.update(repeating: 0, count: outChannels * columnsWidth) }
            return
        }
        let pointwise = kernelY == 1 && kernelX == 1 && p == Conv2dParameters()
        if !pointwise {
            for c in 0..<channels {
                for n in 0..<batch {
                    // Rows of channel c hold its N images side by side: row stride N·HO·WO.
                    Tensor.im2colRows(input + (c * batch + n) * height * width, height: height, width: width,
                                      kernelY: kernelY, kernelX: kernelX, parameters: p,
                                      outHeight: outHeight, outWidth: outWidth,
                                      rows: columns + c * kernelY * kernelX * columnsWidth + n * pixels,
                                      rowStride: columnsWidth)
                }
            }
        }
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans,
                    Int32(outChannels), Int32(columnsWidth), Int32(depth), 1,
                    weight, Int32(depth), pointwise ? input : UnsafePointer(columns), Int32(columnsWidth),
                    beta, output, Int32(columnsWidth))
    }

    /// Unfolds one `[H, W]` plane into `KH·KW` rows of `HO·WO` values, `rowStride` floats apart.
    static func im2colRows(_ plane: UnsafePointer<Float>, height: Int, width: Int,
                           kernelY: Int, kernelX: Int, parameters p: Conv2dParameters,
                           outHeight: Int, outWidth: Int,
                           rows: UnsafeMutablePointer<Float>, rowStride: Int) {
        for ky in 0..<kernelY {
            for kx in 0..<kernelX {
                let row = rows + (ky * kernelX + kx) * rowStride
                // Output columns whose input column lies inside the image: [lo, hi).
                var lo = 0, hi = outWidth
                if p.strideX == 1 {
                    lo = max(0, p.padLeft - kx)
                    hi = min(outWidth, width + p.padLeft - kx)
                } else {
                    while lo < outWidth && lo * p.strideX - p.padLeft + kx < 0 { lo += 1 }
                    while hi > lo && (hi - 1) * p.strideX - p.padLeft + kx >= width { hi -= 1 }
                }
                for oy in 0..<outHeight {
                    let iy = oy * p.strideY - p.padTop + ky
                    let dst = row + oy * outWidth
                    guard iy >= 0 && iy < height, hi > lo else {
                        dst.update(repeating: 0, count: outWidth)
                        continue
                    }
                    let src = plane + iy * width - p.padLeft + kx
                    for ox in 0..<lo { dst[ox] = 0 }
                    if p.strideX == 1 {
                        (dst + lo).update(from: src + lo, count: hi - lo)
                    } else {
                        for ox in lo..<hi { dst[ox] = src[ox * p.strideX] }
                    }
                    for ox in hi..<outWidth { dst[ox] = 0 }
                }
            }
        }
    }
}
