/// The multiply-adds (x2, as FLOPs) one UNet evaluation needs, counted layer by layer from the
/// architecture, for the benchmark's share-of-peak figure.
///
/// `layers` is what config.json's `gflop_per_eval_batch1` holds (torch's `FlopCounterMode` at the
/// training resolution with 16 tokens): convolutions (`2 · outputs · in · k²`, bias not counted)
/// and linear layers, the text's `kv_cross` and the time-embedding MLPs included. torch's counter
/// does not see `F.scaled_dot_product_attention` on CPU, so `attention` adds the products the
/// network also needs there: per attention block `QKᵀ` and `PV` over the S = H·W pixels for
/// self-attention (`2 · 2 · S² · C`) and over the L tokens for cross-attention (`2 · 2 · S · L · C`).
/// Group norm, SiLU, softmax and additions are not counted.
public struct UNetFLOPCount: Sendable, Equatable {
    /// Convolutions and linear layers.
    public var layers: Int
    /// Attention score and value products.
    public var attention: Int
    public var total: Int { layers + attention }
}

extension UNetConfiguration {
    /// FLOPs of one evaluation at batch 1 on a `size` x `size` input with `tokens` text tokens.
    public func flops(size: Int, tokens: Int) -> UNetFLOPCount {
        var layers = 0, attention = 0
        let e = embeddingDimension
        func conv(_ inChannels: Int, _ outChannels: Int, kernel: Int, outputSize: Int) {
            layers += 2 * outputSize * outputSize * outChannels * inChannels * kernel * kernel
        }
        func linear(_ inFeatures: Int, _ outFeatures: Int, rows: Int) { layers += 2 * rows * inFeatures * outFeatures }
        func residualBlock(_ inChannels: Int, _ outChannels: Int, at resolution: Int) {
            conv(inChannels, outChannels, kernel: 3, outputSize: resolution)
            linear(e, outChannels, rows: 1)
            conv(outChannels, outChannels, kernel: 3, outputSize: resolution)
            if inChannels != outChannels { conv(inChannels, outChannels, kernel: 1, outputSize: resolution) }
        }
        func attentionBlock(_ c: Int, at resolution: Int) {
            let s = resolution * resolution
            linear(c, 3 * c, rows: s)            // qkv
            linear(c, c, rows: s)                // proj
            linear(c, c, rows: s)                // q_cross
            linear(textDimension, 2 * c, rows: tokens)  // kv_cross
            linear(c, c, rows: s)                // proj_cross
            attention += 2 * 2 * s * s * c + 2 * 2 * s * tokens * c
        }
        linear(baseChannels, e, rows: 1)
        linear(e, e, rows: 1)
        linear(textDimension, e, rows: 1)
        if augmentationEmbedding {
            linear(baseChannels, e, rows: 1)
            linear(e, e, rows: 1)
        }
        var resolution = size, channels = baseChannels
        var trainingResolution = self.resolution
        var skips = [channels]
        conv(inputChannels, channels, kernel: 3, outputSize: resolution)
        for (i, multiplier) in channelMultipliers.enumerated() {
            for _ in 0..<residualBlocksPerLevel {
                residualBlock(channels, baseChannels * multiplier, at: resolution)
                channels = baseChannels * multiplier
                if attentionResolutions.contains(trainingResolution) { attentionBlock(channels, at: resolution) }
                skips.append(channels)
            }
            if i < channelMultipliers.count - 1 {
                resolution /= 2
                trainingResolution /= 2
                conv(channels, channels, kernel: 3, outputSize: resolution)
                skips.append(channels)
            }
        }
        residualBlock(channels, channels, at: resolution)
        attentionBlock(channels, at: resolution)
        residualBlock(channels, channels, at: resolution)
        for (i, multiplier) in channelMultipliers.enumerated().reversed() {
            for _ in 0...residualBlocksPerLevel {
                let skip = skips.removeLast()
                residualBlock(channels + skip, baseChannels * multiplier, at: resolution)
                channels = baseChannels * multiplier
                if attentionResolutions.contains(trainingResolution) { attentionBlock(channels, at: resolution) }
            }
            if i > 0 {
                resolution *= 2
                trainingResolution *= 2
                conv(channels, channels, kernel: 3, outputSize: resolution)
            }
        }
        conv(channels, outputChannels, kernel: 3, outputSize: resolution)
        return UNetFLOPCount(layers: layers, attention: attention)
    }
}
