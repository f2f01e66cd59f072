import Tensor

/// open_nsfw's ResNet-50-1by2 on channels-last activations: a 7x7 stride-2 stem, a 3x3 stride-2
/// max-pool padded only at the bottom and right (TensorFlow "SAME" on an even map, as the ONNX
/// graph has it), four stages of bottleneck blocks (3, 4, 6, 3 by default), a global average
/// pool and a 1024 -> 2 linear layer with softmax. BatchNorm is already folded into each
/// convolution's weight and bias; a stage's stride sits in its first block's 1x1 convolutions
/// (branch2a and the projection shortcut), as in the Caffe original.
///
/// Layer names are those of `Models/nudity/model.safetensors` (the graph's BatchNorm names
/// without `bn_`): `1`, `stage0_block0_proj_shortcut`, `stage0_block0_branch2a`, ...
struct NudityNetwork: Sendable {
    /// One bottleneck block: 1x1 reduce (with the stride), 3x3, 1x1 expand, plus the shortcut.
    struct Bottleneck: Sendable {
        var projection: ChannelsLastConvolution?  // [C, 4w], stride s; nil: identity shortcut
        var reduce: ChannelsLastConvolution       // branch2a [C, w], stride s, ReLU
        var spatial: ChannelsLastConvolution      // branch2b 3x3 pad 1 [9w, w], ReLU
        var expand: ChannelsLastConvolution       // branch2c [w, 4w], + shortcut, ReLU
    }

    let stem: ChannelsLastConvolution             // 7x7 stride 2 pad 3, [147, 64]
    let blocks: [Bottleneck]
    let classifierWeight: [Float]                 // [2, F] (PyTorch Linear layout)
    let classifierBias: [Float]                   // [2]
    let inputSide: Int                            // 224
    let featureCount: Int                         // 1024
    static let maxPool = Conv2dParameters(strideY: 2, strideX: 2, padTop: 0, padLeft: 0, padBottom: 1, padRight: 1)

    /// Reads every tensor of the configured layout from `file`, checking each shape.
    init(file: HeadWeightsFile, configuration c: NudityModelConfiguration) throws(ScreeningError) {
        func convolution(_ name: String, _ out: Int, _ input: Int, _ kernel: Int,
                         _ parameters: Conv2dParameters) throws(ScreeningError) -> ChannelsLastConvolution {
            let weight = try file.tensor(named: "\(name).weight", shape: [out, input, kernel, kernel])
            let bias = try file.tensor(named: "\(name).bias", shape: [out])
            return ChannelsLastConvolution(weight: Tensor(shape: [out, input, kernel, kernel], data: weight),
                                           bias: Tensor(shape: [out], data: bias), parameters: parameters)
        }
        stem = try convolution(c.stem.conv, c.stem.outChannels, 3, 7, Conv2dParameters(stride: 2, padding: 3))
        var channels = c.stem.outChannels
        var blocks: [Bottleneck] = []
        for (s, stage) in c.stages.enumerated() {
            for b in 0..<stage.blocks {
                let prefix = "stage\(s)_block\(b)"
                let stride = Conv2dParameters(stride: b == 0 ? stage.stride : 1)
                let projection = b == 0
                    ? try convolution("\(prefix)_proj_shortcut", stage.outChannels, channels, 1, stride) : nil
                if b > 0 && channels != stage.outChannels {
                    throw .configInvalid(file: file.path, reason: "\(prefix) has an identity shortcut across a channel change")
                }
                blocks.append(Bottleneck(
                    projection: projection,
                    reduce: try convolution("\(prefix)_branch2a", stage.width, channels, 1, stride),
                    spatial: try convolution("\(prefix)_branch2b", stage.width, stage.width, 3, Conv2dParameters(padding: 1)),
                    expand: try convolution("\(prefix)_branch2c", stage.outChannels, stage.width, 1, Conv2dParameters())))
                channels = stage.outChannels
            }
        }
        self.blocks = blocks
        featureCount = channels
        classifierWeight = try file.tensor(named: "fc_nsfw.weight", shape: [2, channels])
        classifierBias = try file.tensor(named: "fc_nsfw.bias", shape: [2])
        inputSide = c.preprocessing.centerCrop
    }

    /// A workspace large enough for every layer of this network (`columns`: the largest padded
    /// input map, the stem's or a 3x3 layer's; the 1x1 layers read their input in place).
    func makeWorkspace() -> NudityWorkspace {
        var side = inputSide
        var columns = stem.columnCount(height: side, width: side)
        side = stem.outputSize(height: side, width: side)?.height ?? 0
        var activation = side * side * stem.outChannels
        side = (side + 1 - 3) / 2 + 1                       // max-pool
        var branch = 0
        for block in blocks {
            columns = max(columns, block.reduce.columnCount(height: side, width: side),
                          block.projection?.columnCount(height: side, width: side) ?? 0)
            side = block.reduce.outputSize(height: side, width: side)?.height ?? 0
            columns = max(columns, block.spatial.columnCount(height: side, width: side))
            branch = max(branch, side * side * block.reduce.outChannels)
            activation = max(activation, side * side * block.expand.outChannels)
        }
        return NudityWorkspace(inputCount: inputSide * inputSide * 3, columnCount: columns,
                               activationCount: activation, branchCount: branch, featureCount: featureCount)
    }

    /// Multiply-accumulates of one forward pass (convolutions and the linear layer), about 1.07 G.
    var multiplyAccumulates: Double {
        func macs(_ layer: ChannelsLastConvolution, _ side: Int) -> Double {
            let out = layer.outputSize(height: side, width: side)?.height ?? 0
            return Double(out * out) * Double(layer.kernelY * layer.kernelX * layer.inChannels * layer.outChannels)
        }
        var total = macs(stem, inputSide)
        let stemSide = stem.outputSize(height: inputSide, width: inputSide)?.height ?? 0
        var side = (stemSide + 1 - 3) / 2 + 1               // max-pool
        for block in blocks {
            let outSide = block.reduce.outputSize(height: side, width: side)?.height ?? 0
            total += macs(block.reduce, side) + (block.projection.map { macs($0, side) } ?? 0)
            total += macs(block.spatial, outSide) + macs(block.expand, outSide)
            side = outSide
        }
        return total + Double(2 * featureCount)
    }

    /// The two logits (sfw, nsfw) for the preprocessed image in `ws.input` (`[side·side, 3]`, BGR).
    func logits(_ ws: NudityWorkspace) -> (Float, Float) {
        var x = ws.blockInput.baseAddress!, y = ws.blockOutput.baseAddress!
        let columns = ws.columns.baseAddress!
        // Stem: [224·224, 3] -> [112·112, 64] -> max-pool [56·56, 64]
        stem.apply(ws.input.baseAddress!, height: inputSide, width: inputSide, into: y, columns: columns, relu: true)
        var side = stem.outputSize(height: inputSide, width: inputSide)!.height
        side = ChannelsLastPooling.maxPool(y, height: side, width: side, channels: stem.outChannels, kernel: 3,
                                           parameters: Self.maxPool, into: x).height
        for block in blocks {
            let outSide = block.reduce.outputSize(height: side, width: side)!.height
            // branch2a writes its ReLU output straight into the interior of branch2b's zero-padded
            // input map (`columns`), so the 3x3 layer reads it in place: no copy, no im2col.
            let pad = block.spatial.parameters, width = block.reduce.outChannels
            ChannelsLastPadding.zeroBorder(columns, height: outSide, width: outSide, channels: width, parameters: pad)
            let interior = columns + ChannelsLastPadding.interiorOffset(width: outSide, channels: width, parameters: pad)
            block.reduce.apply(paddedInput: x, height: side, width: side, into: interior,
                               outputRowStride: (outSide + pad.padLeft + pad.padRight) * width, relu: true)
            let b = ws.spatial.baseAddress!
            block.spatial.apply(paddedInput: columns, height: outSide, width: outSide, into: b, relu: true) // [outSide², w]
            // branch2c + shortcut, ReLU: the projection is written to y first; an identity
            // shortcut is read from x where it lies.
            if let projection = block.projection {
                projection.apply(paddedInput: x, height: side, width: side, into: y)
                block.expand.apply(paddedInput: b, height: outSide, width: outSide, into: y, residual: y, relu: true)
            } else {
                block.expand.apply(paddedInput: b, height: outSide, width: outSide, into: y, residual: x, relu: true)
            }                                                                                      // [outSide², 4w]
            swap(&x, &y)
            side = outSide
        }
        // Head: [side², F] -> [F] -> 2 logits
        let pooled = ws.pooled.baseAddress!
        ChannelsLastPooling.globalAveragePool(x, pixels: side * side, channels: featureCount, into: pooled)
        var logit0 = classifierBias[0], logit1 = classifierBias[1]
        for k in 0..<featureCount {
            logit0 += classifierWeight[k] * pooled[k]
            logit1 += classifierWeight[featureCount + k] * pooled[k]
        }
        return (logit0, logit1)
    }
}
