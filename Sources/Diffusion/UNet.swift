import Foundation
import Tensor

/// The generator's UNet (`Models/generator-base/unet.py`), built from a model directory's
/// `config.json` and `model.safetensors` (sha256-checked, keys are the PyTorch module names).
/// One type serves the base model (7 input channels: x_t, masked image, mask) and the upsampler
/// (6: x_t, noise-augmented low-res image; plus the augmentation-level embedding).
///
/// Internally every activation is channel-major `[C, N, H, W]`; the layers run on the direct C
/// kernels of `CUNetKernels` (see `DirectConvolution`) and buffers come from an arena that a
/// request reuses across its steps. Immutable after loading, so one instance serves every thread.
public final class UNet: Sendable {
    public let configuration: UNetConfiguration
    let timeEmbedding1: LinearWeights
    let timeEmbedding2: LinearWeights
    let textPoolProjection: LinearWeights
    let augmentationEmbedding: (LinearWeights, LinearWeights)?
    let inputConvolution: ConvWeights
    let down: [Level]
    let middle: (ResidualBlock, Int, ResidualBlock)
    let up: [Level]
    let outputNorm: NormWeights
    let outputConvolution: ConvWeights
    /// Every attention block in forward order; levels refer to them by index.
    let attention: [AttentionBlock]

    struct Level: Sendable {
        var residual: [ResidualBlock] = []
        var attention: [Int?] = []
        var resample: ConvWeights?
    }

    /// Loads `directory/config.json` and the weight file it names, verifying its sha256 first.
    public static func load(directory: URL) throws(DiffusionError) -> UNet {
        let configuration = try UNetConfiguration(contentsOf: directory.appendingPathComponent("config.json"))
        let reader = try WeightReader(url: directory.appendingPathComponent(configuration.weightsFile),
                                      sha256: configuration.weightsSHA256)
        let unet = UNet(configuration: configuration, reader: reader)
        try reader.finish()
        return unet
    }

    init(configuration c: UNetConfiguration, reader r: WeightReader) {
        configuration = c
        let b = c.baseChannels, e = c.embeddingDimension, g = c.groups, eps = c.normEpsilon
        timeEmbedding1 = r.linear("time_embed.0", out: e, in: b)
        timeEmbedding2 = r.linear("time_embed.2", out: e, in: e)
        textPoolProjection = r.linear("text_pool_proj", out: e, in: c.textDimension)
        augmentationEmbedding = c.augmentationEmbedding
            ? (r.linear("aug_embed.0", out: e, in: b), r.linear("aug_embed.2", out: e, in: e)) : nil
        inputConvolution = r.conv("conv_in", out: b, in: c.inputChannels, kernel: 3)
        var attention: [AttentionBlock] = []
        func attentionBlock(_ name: String, _ channels: Int) -> Int {
            attention.append(AttentionBlock(name, channels: channels, heads: c.heads, textDimension: c.textDimension,
                                            groups: g, epsilon: eps, reader: r))
            return attention.count - 1
        }
        var skipChannels = [b]
        var channels = b, resolution = c.resolution
        var down: [Level] = []
        for (i, multiplier) in c.channelMultipliers.enumerated() {
            var level = Level()
            for j in 0..<c.residualBlocksPerLevel {
                level.residual.append(ResidualBlock("down.\(i).res.\(j)", in: channels, out: b * multiplier,
                                                    embedding: e, groups: g, epsilon: eps, reader: r))
                channels = b * multiplier
                level.attention.append(c.attentionResolutions.contains(resolution)
                                       ? attentionBlock("down.\(i).attn.\(j)", channels) : nil)
                skipChannels.append(channels)
            }
            if i < c.channelMultipliers.count - 1 {
                level.resample = r.conv("down.\(i).resample.conv", out: channels, in: channels, kernel: 3)
                skipChannels.append(channels)
                resolution /= 2
            }
            down.append(level)
        }
        let middle1 = ResidualBlock("mid_res1", in: channels, out: channels, embedding: e, groups: g, epsilon: eps, reader: r)
        let middleAttention = attentionBlock("mid_attn", channels)
        let middle2 = ResidualBlock("mid_res2", in: channels, out: channels, embedding: e, groups: g, epsilon: eps, reader: r)
        var up: [Level] = []
        for (upIndex, (i, multiplier)) in c.channelMultipliers.enumerated().reversed().enumerated() {
            var level = Level()
            for j in 0...c.residualBlocksPerLevel {
                let skip = skipChannels.removeLast()
                level.residual.append(ResidualBlock("up.\(upIndex).res.\(j)", in: channels + skip, out: b * multiplier,
                                                    embedding: e, groups: g, epsilon: eps, reader: r))
                channels = b * multiplier
                level.attention.append(c.attentionResolutions.contains(resolution)
                                       ? attentionBlock("up.\(upIndex).attn.\(j)", channels) : nil)
            }
            if i > 0 {
                level.resample = r.conv("up.\(upIndex).resample.conv", out: channels, in: channels, kernel: 3)
                resolution *= 2
            }
            up.append(level)
        }
        self.down = down
        self.middle = (middle1, middleAttention, middle2)
        self.up = up
        self.attention = attention
        outputNorm = r.norm("norm_out", channels: channels)
        outputConvolution = r.conv("conv_out", out: c.outputChannels, in: channels, kernel: 3)
    }

    /// Spatial sizes must be divisible by this (one halving per level below the top).
    public var sizeMultiple: Int { 1 << (configuration.channelMultipliers.count - 1) }
}
