import COpenBLAS

extension Tensor {
    /// 2-D convolution (cross-correlation, as PyTorch's `nn.Conv2d` with groups = 1) by im2col
    /// and one sgemm per image; 1x1 kernels with stride 1 and no padding skip im2col.
    ///
    /// - Parameters:
    ///   - weight: `[O, C, KH, KW]`. - bias: `[O]` or nil.
    ///   - parameters: stride and (possibly asymmetric) zero padding.
    /// - Returns: `[N, O, HO, WO]` for `self` of shape `[N, C, H, W]`,
    ///   `HO = (H + padTop + padBottom - KH) / strideY + 1` (likewise WO).
    public func conv2d(weight: Tensor, bias: Tensor?, parameters: Conv2dParameters = .init()) -> Tensor {
        precondition(rank == 4 && weight.rank == 4 && weight.shape[1] == shape[1],
                     "conv2d: input \(shape) and weight \(weight.shape) need [N, C, H, W] and [O, C, KH, KW]")
        let batch = shape[0], channels = shape[1], height = shape[2], width = shape[3]
        let outChannels = weight.shape[0], kernelY = weight.shape[2], kernelX = weight.shape[3]
        if let bias {
            precondition(bias.shape == [outChannels], "conv2d: bias \(bias.shape) does not match weight \(weight.shape)")
        }
        let p = parameters
        guard let outHeight = p.outputExtent(input: height, kernel: kernelY, stride: p.strideY, before: p.padTop, after: p.padBottom),
              let outWidth = p.outputExtent(input: width, kernel: kernelX, stride: p.strideX, before: p.padLeft, after: p.padRight),
              p.padTop >= 0, p.padLeft >= 0, p.padBottom >= 0, p.padRight >= 0 else {
            preconditionFailure("conv2d: kernel \(weight.shape) with \(p) does not fit input \(shape)")
        }
        var result = Tensor(zeros: [batch, outChannels, outHeight, outWidth])
        let pixels = outHeight * outWidth
        let depth = channels * kernelY * kernelX
        guard pixels > 0, outChannels > 0 else { return result }
        let pointwise = kernelY == 1 && kernelX == 1 && p == Conv2dParameters()
        var columns = [Float](repeating: 0, count: pointwise ? 0 : depth * pixels) // [C·KH·KW, HO·WO]
        data.withUnsafeBufferPointer { x in
            weight.data.withUnsafeBufferPointer { w in
                result.data.withUnsafeMutableBufferPointer { y in
                    columns.withUnsafeMutableBufferPointer { cols in
                        for n in 0..<batch {
                            let image = x.baseAddress! + n * channels * height * width // [C, H, W]
                            let out = y.baseAddress! + n * outChannels * pixels       // [O, HO·WO]
                            var beta: Float = 0
                            if let bias {
                                for o in 0..<outChannels {
                                    (out + o * pixels).update(repeating: bias.data[o], count: pixels)
                                }
                                beta = 1
                            }
                            let b: UnsafePointer<Float>
                            if pointwise {
                                b = image
                            } else {
                                Tensor.im2col(image, channels: channels, height: height, width: width,
                                              kernelY: kernelY, kernelX: kernelX, parameters: p,
                                              outHeight: outHeight, outWidth: outWidth, columns: cols.baseAddress!)
                                b = UnsafePointer(cols.baseAddress!)
                            }
                            guard depth > 0 else { continue }
                            // out[O, HO·WO] = W[O, C·KH·KW] · columns[C·KH·KW, HO·WO]
                            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans,
                                        Int32(outChannels), Int32(pixels), Int32(depth), 1,
                                        w.baseAddress!, Int32(depth), b, Int32(pixels),
                                        beta, out, Int32(pixels))
                        }
                    }
                }
            }
        }
        return result
    }

    /// Unfolds one `[C, H, W]` image into `columns[C·KH·KW, HO·WO]`, zeros where the kernel
    /// reaches into the padding.
    static func im2col(_ image: UnsafePointer<Float>, channels: Int, height: Int, width: Int,
                       kernelY: Int, kernelX: Int, parameters p: Conv2dParameters,
                       outHeight: Int, outWidth: Int, columns: UnsafeMutablePointer<Float>) {
        let pixels = outHeight * outWidth
        for c in 0..<channels {
            let plane = image + c * height * width
            for ky in 0..<kernelY {
                for kx in 0..<kernelX {
                    let row = columns + ((c * kernelY + ky) * kernelX + kx) * pixels
                    for oy in 0..<outHeight {
                        let iy = oy * p.strideY - p.padTop + ky
                        let dst = row + oy * outWidth
                        guard iy >= 0 && iy < height else {
                            dst.update(repeating: 0, count: outWidth)
                            continue
                        }
                        let src = plane + iy * width
                        if p.strideX == 1 {
                            for ox in 0..<outWidth {
                                let ix = ox - p.padLeft + kx
                                dst[ox] = (ix >= 0 && ix < width) ? src[ix] : 0
                            }
                        } else {
                            for ox in 0..<outWidth {
                                let ix = ox * p.strideX - p.padLeft + kx
                                dst[ox] = (ix >= 0 && ix < width) ? src[ix] : 0
                            }
                        }
                    }
                }
            }
        }
    }
}
