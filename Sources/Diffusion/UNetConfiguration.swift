import Foundation

/// The architecture and file facts of one generator network, read from its `config.json`
/// (written by `Models/generator-base/export.py`; `unet.py`'s `UNetConfig` is the reference).
public struct UNetConfiguration: Sendable, Equatable {
    /// Model name, e.g. "generator-base".
    public var model: String
    /// Training resolution (64 for the base, 256 for the upsampler); the network is fully
    /// convolutional, so other multiples of 2^(levels-1) also run.
    public var resolution: Int
    /// 7 for the base (x_t, masked image, mask), 6 for the upsampler (x_t, low-res image).
    public var inputChannels: Int
    public var outputChannels: Int
    public var baseChannels: Int
    public var channelMultipliers: [Int]
    public var residualBlocksPerLevel: Int
    /// Resolutions (feature-map widths) at which each residual block is followed by attention.
    public var attentionResolutions: [Int]
    public var heads: Int
    public var groups: Int
    public var textDimension: Int
    /// Upsampler: the noise-augmentation level is embedded and added to the time embedding.
    public var augmentationEmbedding: Bool
    public var normEpsilon: Float
    public var embeddingDimension: Int
    /// Weight file name beside config.json and its recorded sha256.
    public var weightsFile: String
    public var weightsSHA256: String
    /// Default sampler settings from config.json "samplers.defaults".
    public var defaultSteps: Int
    public var defaultGuidance: Float
    /// Upsampler: the noise-augmentation timestep used when sampling.
    public var augmentationTimestep: Int?
    /// The UNet's FLOPs per evaluation at batch 1 and `resolution` (torch's flop counter), in GFLOP.
    public var gflopPerEvaluation: Double

    /// Reads `config.json`; any missing field or unsupported value is `invalidConfiguration`.
    public init(contentsOf url: URL) throws(DiffusionError) {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw .invalidConfiguration(file: url.path, reason: "cannot read: \(error.localizedDescription)")
        }
        let file: ConfigFile
        do { file = try JSONDecoder().decode(ConfigFile.self, from: data) } catch {
            throw .invalidConfiguration(file: url.path, reason: "not a generator config: \(error)")
        }
        let u = file.unet
        model = file.model
        resolution = u.resolution
        inputChannels = u.in_channels
        outputChannels = u.out_channels
        baseChannels = u.base_channels
        channelMultipliers = u.channel_mults
        residualBlocksPerLevel = u.num_res_blocks
        attentionResolutions = u.attention_resolutions
        heads = u.num_heads
        groups = u.groups
        textDimension = u.text_dim
        augmentationEmbedding = u.aug_embedding
        normEpsilon = Float(u.norm_eps)
        embeddingDimension = u.emb_dim
        weightsFile = file.weights.file
        weightsSHA256 = file.weights.sha256
        defaultSteps = file.samplers.defaults.steps
        defaultGuidance = Float(file.samplers.defaults.guidance)
        augmentationTimestep = file.conditioning.noise_augmentation?.sampling_timestep
        gflopPerEvaluation = file.gflop_per_eval_batch1
        guard file.prediction_type == "v_prediction" else {
            throw .invalidConfiguration(file: url.path, reason: "prediction_type \(file.prediction_type) (only v_prediction)")
        }
        guard file.schedule.num_train_timesteps == NoiseSchedule.trainingTimesteps else {
            throw .invalidConfiguration(file: url.path, reason: "num_train_timesteps \(file.schedule.num_train_timesteps) (only 1000)")
        }
        let channels = channelMultipliers.map { $0 * baseChannels }
        guard baseChannels > 0, !channelMultipliers.isEmpty, channelMultipliers.allSatisfy({ $0 > 0 }),
              residualBlocksPerLevel > 0, heads > 0, groups > 0, inputChannels > 0, outputChannels > 0,
              channels.allSatisfy({ $0 % groups == 0 && $0 % heads == 0 }), baseChannels % groups == 0,
              baseChannels % 2 == 0, embeddingDimension > 0, textDimension > 0 else {
            throw .invalidConfiguration(file: url.path, reason: "inconsistent unet section \(u)")
        }
        if augmentationEmbedding && augmentationTimestep == nil {
            throw .invalidConfiguration(file: url.path, reason: "aug_embedding without conditioning.noise_augmentation.sampling_timestep")
        }
    }

    /// Channels of level `i`.
    func channels(level i: Int) -> Int { baseChannels * channelMultipliers[i] }

    private struct ConfigFile: Decodable {
        struct UNet: Decodable {
            var resolution, in_channels, out_channels, base_channels: Int
            var channel_mults: [Int]
            var num_res_blocks: Int
            var attention_resolutions: [Int]
            var num_heads, groups, text_dim: Int
            var aug_embedding: Bool
            var norm_eps: Double
            var emb_dim: Int
        }
        struct Schedule: Decodable { var num_train_timesteps: Int }
        struct Samplers: Decodable {
            struct Defaults: Decodable { var steps: Int; var guidance: Double }
            var defaults: Defaults
        }
        struct Conditioning: Decodable {
            struct Augmentation: Decodable { var sampling_timestep: Int }
            var noise_augmentation: Augmentation?
        }
        struct Weights: Decodable { var file: String; var sha256: String }
        var model: String
        var unet: UNet
        var prediction_type: String
        var schedule: Schedule
        var samplers: Samplers
        var conditioning: Conditioning
        var weights: Weights
        var gflop_per_eval_batch1: Double
    }
}
