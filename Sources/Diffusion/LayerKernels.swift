import Tensor

extension ConvWeights {
    /// This convolution over a channel-major batch (padding k/2, `stride`), into a new arena
    /// buffer or into `output`; `residual` (same shape as the output) is added as it is stored.
    /// 3x3 (stride 1 and 2) and 1x1 go to the direct kernels; anything else (and stride 2 on
    /// CPUs without AVX-512F) to im2col + sgemm.
    func apply(_ x: FeatureMap, stride: Int = 1, residual: UnsafePointer<Float>? = nil,
               output: UnsafeMutablePointer<Float>? = nil, arena: ActivationArena) -> FeatureMap {
        precondition(x.channels == inChannels, "conv: input has \(x.channels) channels, weight expects \(inChannels)")
        let padding = kernel / 2
        let outHeight = (x.height + 2 * padding - kernel) / stride + 1
        let outWidth = (x.width + 2 * padding - kernel) / stride + 1
        let count = outChannels * x.batch * outHeight * outWidth
        let destination = output ?? arena.take(count)
        if kernel == 1 && stride == 1 && !packed.isEmpty {
            packed.withUnsafeBufferPointer { w in
                bias.withUnsafeBufferPointer { b in
                    PointwiseConvolution.apply(x, packed: w.baseAddress!, outChannels: outChannels, bias: b.baseAddress!,
                                               residual: residual, output: destination)
                }
            }
            return FeatureMap(data: destination, channels: outChannels, batch: x.batch, height: x.height, width: x.width)
        }
        if kernel == 3 && stride == 1 && !packed.isEmpty {
            let padded = DirectConvolution.pad(x, into: arena.scratch(PaddedFeatureMap.count(
                channels: x.channels, batch: x.batch, height: x.height, width: x.width)))
            return apply(padded, residual: residual, output: destination)
        }
        if kernel == 3 && stride == 2 && residual == nil && !packed.isEmpty {
            let padded = DirectConvolution.pad(x, into: arena.scratch(PaddedFeatureMap.count(
                channels: x.channels, batch: x.batch, height: x.height, width: x.width)))
            let done = packed.withUnsafeBufferPointer { w in
                bias.withUnsafeBufferPointer { b in
                    DirectConvolution.applyStride2(padded, packed: w.baseAddress!, outChannels: outChannels,
                                                   bias: b.baseAddress!, output: destination)
                }
            }
            if done {
                return FeatureMap(data: destination, channels: outChannels, batch: x.batch, height: outHeight, width: outWidth)
            }
        }
        let pointwise = kernel == 1 && stride == 1
        let columns = pointwise ? destination : arena.scratch(inChannels * kernel * kernel * x.batch * outHeight * outWidth)
        weight.withUnsafeBufferPointer { w in
            bias.withUnsafeBufferPointer { b in
                Tensor.conv2dChannelMajor(input: x.data, channels: x.channels, batch: x.batch,
                                          height: x.height, width: x.width,
                                          weight: w.baseAddress!, outChannels: outChannels,
                                          kernelY: kernel, kernelX: kernel,
                                          parameters: .init(stride: stride, padding: padding),
                                          bias: b.baseAddress!, residual: residual,
                                          columns: columns, output: destination)
            }
        }
        return FeatureMap(data: destination, channels: outChannels, batch: x.batch, height: outHeight, width: outWidth)
    }
}

extension ConvWeights {
    /// This 3x3 convolution (stride 1, padding 1) on a zero-bordered map, by `DirectConvolution`,
    /// into `output`. `sampleBias` (`[N, O]`), when given, replaces the layer's bias: each
    /// sample's own shift (bias plus the time-embedding projection) fused into the convolution.
    @discardableResult
    func apply(_ x: PaddedFeatureMap, sampleBias: UnsafePointer<Float>? = nil, residual: UnsafePointer<Float>? = nil,
               output: UnsafeMutablePointer<Float>) -> FeatureMap {
        precondition(kernel == 3 && !packed.isEmpty, "direct conv: \(kernel)x\(kernel) kernel is not packed")
        precondition(x.channels == inChannels, "conv: input has \(x.channels) channels, weight expects \(inChannels)")
        packed.withUnsafeBufferPointer { w in
            bias.withUnsafeBufferPointer { b in
                DirectConvolution.apply(x, packed: w.baseAddress!, outChannels: outChannels,
                                        bias: sampleBias ?? b.baseAddress!, biasStride: sampleBias == nil ? 0 : outChannels,
                                        residual: residual, output: output)
            }
        }
        return FeatureMap(data: output, channels: outChannels, batch: x.batch, height: x.height, width: x.width)
    }
}

extension ConvWeights {
    /// `unet.py`'s `Upsample`: nearest x2, written straight into a zero-bordered buffer, then
    /// this 3x3 convolution, into `output` or a new arena buffer.
    func applyUpsampled(_ x: FeatureMap, output: UnsafeMutablePointer<Float>? = nil, arena: ActivationArena) -> FeatureMap {
        let upsampled = DirectConvolution.upsample2x(x, into: arena.take(PaddedFeatureMap.count(
            channels: x.channels, batch: x.batch, height: 2 * x.height, width: 2 * x.width)))
        return apply(upsampled, output: output ?? arena.take(outChannels * 4 * x.columns))
    }
}

extension LinearWeights {
    /// `x · Wᵀ + b` on `rows` rows of `inFeatures` floats (row-major), into `output`.
    func apply(_ x: UnsafePointer<Float>, rows: Int, output: UnsafeMutablePointer<Float>) {
        weight.withUnsafeBufferPointer { w in
            bias.withUnsafeBufferPointer { b in
                Tensor.linear(input: x, rows: rows, inFeatures: inFeatures, weight: w.baseAddress!,
                              outFeatures: outFeatures, bias: b.baseAddress, output: output)
            }
        }
    }

    /// The same layer on a channel-major map's pixels (`W · X` on the `[C, N·H·W]` view, i.e. a
    /// 1x1 convolution), with an optional residual of the output's shape, into `output` or a new
    /// arena buffer.
    func applyToPixels(_ x: FeatureMap, residual: UnsafePointer<Float>? = nil, output: UnsafeMutablePointer<Float>? = nil,
                       arena: ActivationArena) -> FeatureMap {
        precondition(x.channels == inFeatures, "linear: map has \(x.channels) channels, weight expects \(inFeatures)")
        let destination = output ?? arena.take(outFeatures * x.columns)
        packed.withUnsafeBufferPointer { w in
            bias.withUnsafeBufferPointer { b in
                PointwiseConvolution.apply(x, packed: w.baseAddress!, outChannels: outFeatures, bias: b.baseAddress!,
                                           residual: residual, output: destination)
            }
        }
        return FeatureMap(data: destination, channels: outFeatures, batch: x.batch, height: x.height, width: x.width)
    }
}

extension NormWeights {
    /// GroupNorm (then SiLU when `silu`) into a new arena buffer.
    func apply(_ x: FeatureMap, groups: Int, epsilon: Float, silu: Bool, arena: ActivationArena) -> FeatureMap {
        let destination = arena.take(x.count)
        weight.withUnsafeBufferPointer { w in
            bias.withUnsafeBufferPointer { b in
                FeatureMapKernels.groupNorm(x, groups: groups, weight: w.baseAddress!, bias: b.baseAddress!,
                                            epsilon: epsilon, silu: silu, output: destination)
            }
        }
        var result = x
        result.data = destination
        return result
    }

    /// GroupNorm (then SiLU when `silu`) into a new zero-bordered arena buffer, ready for a
    /// direct 3x3 convolution.
    func applyPadded(_ x: FeatureMap, groups: Int, epsilon: Float, silu: Bool, arena: ActivationArena) -> PaddedFeatureMap {
        let destination = arena.take(PaddedFeatureMap.count(channels: x.channels, batch: x.batch,
                                                            height: x.height, width: x.width))
        weight.withUnsafeBufferPointer { w in
            bias.withUnsafeBufferPointer { b in
                FeatureMapKernels.groupNorm(x, groups: groups, weight: w.baseAddress!, bias: b.baseAddress!,
                                            epsilon: epsilon, silu: silu, padded: true, output: destination)
            }
        }
        return PaddedFeatureMap(data: destination, channels: x.channels, batch: x.batch, height: x.height, width: x.width)
    }
}
