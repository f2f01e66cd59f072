import Foundation

/// `Models/concept-encoder/config.json`: the encoder's shape, its weight files and their SHA-256,
/// and the calibration anchors (written by the recipe's `evaluate.py`).
public struct ConceptEncoderConfiguration: Sendable, Equatable, Decodable {
    /// Side of the square RGB input (64).
    public var inputSize: Int
    /// Input normalisation: `x = (pixel / 255 - mean) / std`.
    public var mean: Float
    public var std: Float
    /// Channels of the stem and of each stride-2 stage, e.g. `[32, 64, 128, 256]`.
    public var channels: [Int]
    /// GroupNorm groups of every normalisation.
    public var groups: Int
    /// Width of the head's hidden layer.
    public var hidden: Int
    /// Output dimension: the MiniLM sentence-embedding size (384).
    public var embeddingDim: Int
    /// Weight file name and its SHA-256.
    public var weights: String
    public var sha256: String
    public var calibration: Calibration

    /// The clean-image bank and the knots of the score map (see `ConceptCalibration`).
    public struct Calibration: Sendable, Equatable, Decodable {
        public var file: String
        public var tensor: String
        public var sha256: String
        /// Shares of clean images above each knot's cosine, e.g. `[0.5, 0.1, 0.02, 0.005]`.
        public var falsePositiveRates: [Double]
        /// The score at each knot, e.g. `[0.1, 0.25, 0.5, 0.75]`.
        public var scores: [Double]

        enum CodingKeys: String, CodingKey {
            case file, tensor, sha256, scores
            case falsePositiveRates = "false_positive_rates"
        }
    }

    enum CodingKeys: String, CodingKey {
        case mean, std, channels, groups, hidden, weights, sha256, calibration
        case inputSize = "input_size"
        case embeddingDim = "embedding_dim"
    }

    /// Reads and checks `config.json`: sizes positive, channels divisible by the group count,
    /// knots strictly ordered.
    public static func load(_ url: URL) throws(ScreeningError) -> ConceptEncoderConfiguration {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw .modelFileUnreadable(path: url.path, reason: error.localizedDescription)
        }
        let config: ConceptEncoderConfiguration
        do {
            config = try JSONDecoder().decode(ConceptEncoderConfiguration.self, from: data)
        } catch {
            throw .configInvalid(file: url.path, reason: "\(error)")
        }
        try config.validate(file: url.path)
        return config
    }

    func validate(file: String) throws(ScreeningError) {
        func fail(_ reason: String) -> ScreeningError { .configInvalid(file: file, reason: reason) }
        guard inputSize >= 8, inputSize % (1 << channels.count) == 0 else {
            throw fail("input_size \(inputSize) must be a multiple of 2^\(channels.count) (one halving per stage)")
        }
        guard !channels.isEmpty, groups > 0, channels.allSatisfy({ $0 > 0 && $0 % groups == 0 }) else {
            throw fail("channels \(channels) must be positive multiples of groups \(groups)")
        }
        guard hidden > 0, embeddingDim > 0, std > 0, std.isFinite, mean.isFinite else {
            throw fail("hidden, embedding_dim and std must be positive")
        }
        let rates = calibration.falsePositiveRates, scores = calibration.scores
        guard !rates.isEmpty, rates.count == scores.count,
              zip(rates, rates.dropFirst()).allSatisfy({ $0 > $1 }), rates.allSatisfy({ $0 > 0 && $0 < 1 }),
              zip(scores, scores.dropFirst()).allSatisfy({ $0 < $1 }), scores.allSatisfy({ $0 > 0 && $0 < 1 }) else {
            throw fail("calibration needs equal-length false_positive_rates (decreasing, in (0, 1)) "
                       + "and scores (increasing, in (0, 1)); got \(rates) and \(scores)")
        }
    }
}
