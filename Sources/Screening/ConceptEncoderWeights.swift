import Foundation
import Tensor

/// One stride-2 stage of the concept encoder (the stem is one too), keyed by the checkpoint's names
/// (`stem.down.weight`, `stages.0.conv.weight`, ...):
///
///     h = SiLU(GN(conv3x3 stride 2 (x)))        [1, C, H/2, W/2]
///     h + SiLU(GN(conv3x3 (h)))
struct ConceptEncoderStage: Sendable {
    var downWeight: Tensor, downBias: Tensor, downNormWeight: Tensor, downNormBias: Tensor
    var convWeight: Tensor, convBias: Tensor, normWeight: Tensor, normBias: Tensor

    func forward(_ x: Tensor, groups: Int) -> Tensor {
        let h = x.conv2d(weight: downWeight, bias: downBias, parameters: .init(stride: 2, padding: 1))
            .groupNorm(groups: groups, weight: downNormWeight, bias: downNormBias).silu()   // [1, C, H/2, W/2]
        let r = h.conv2d(weight: convWeight, bias: convBias, parameters: .init(stride: 1, padding: 1))
            .groupNorm(groups: groups, weight: normWeight, bias: normBias).silu()           // [1, C, H/2, W/2]
        return h + r
    }
}

/// All weights of the concept encoder, read from `model.safetensors` with every name and shape
/// checked against the configuration.
struct ConceptEncoderWeights: Sendable {
    var stages: [ConceptEncoderStage]   // stem first
    var head1Weight: Tensor, head1Bias: Tensor, head2Weight: Tensor, head2Bias: Tensor

    init(url: URL, configuration c: ConceptEncoderConfiguration) throws(ScreeningError) {
        let file = try HeadWeightsFile(url: url)
        func load(_ name: String, _ shape: [Int]) throws(ScreeningError) -> Tensor {
            Tensor(shape: shape, data: try file.tensor(named: name, shape: shape))
        }
        var stages: [ConceptEncoderStage] = []
        var inChannels = 3
        for (k, channels) in c.channels.enumerated() {
            let p = k == 0 ? "stem" : "stages.\(k - 1)"
            stages.append(ConceptEncoderStage(
                downWeight: try load("\(p).down.weight", [channels, inChannels, 3, 3]),
                downBias: try load("\(p).down.bias", [channels]),
                downNormWeight: try load("\(p).down_norm.weight", [channels]),
                downNormBias: try load("\(p).down_norm.bias", [channels]),
                convWeight: try load("\(p).conv.weight", [channels, channels, 3, 3]),
                convBias: try load("\(p).conv.bias", [channels]),
                normWeight: try load("\(p).norm.weight", [channels]),
                normBias: try load("\(p).norm.bias", [channels])))
            inChannels = channels
        }
        self.stages = stages
        head1Weight = try load("head1.weight", [c.hidden, inChannels])
        head1Bias = try load("head1.bias", [c.hidden])
        head2Weight = try load("head2.weight", [c.embeddingDim, c.hidden])
        head2Bias = try load("head2.bias", [c.embeddingDim])
    }
}
