import Foundation
import Imaging
import Tensor

/// The concept image encoder (`Models/concept-encoder`): a small CNN trained LiT-style so that an
/// image's embedding lands in MiniLM's sentence-embedding space. An image rule's concept in words
/// ("a knife") is scored by the cosine between the image embedding and the concept's MiniLM
/// embedding, calibrated per concept by `ConceptCalibration`.
///
///     let encoder = try ConceptImageEncoder.load(modelDirectory: models.appendingPathComponent("concept-encoder"))
///     let embedding = try encoder.embed(image)     // 384 floats, L2-normalised
///
/// Both weight files are checked against the SHA-256 in config.json before they are read.
/// The forward pass mirrors `Models/concept-encoder/encoder.py` op for op.
public final class ConceptImageEncoder: Sendable {
    public let configuration: ConceptEncoderConfiguration
    /// The clean-image embeddings the per-concept calibration is computed from.
    public let calibration: ConceptCalibration
    private let weights: ConceptEncoderWeights

    init(configuration: ConceptEncoderConfiguration, weights: ConceptEncoderWeights, calibration: ConceptCalibration) {
        self.configuration = configuration
        self.weights = weights
        self.calibration = calibration
    }

    /// Loads `config.json`, verifies `model.safetensors` and `calibration.safetensors` against their
    /// SHA-256, then reads them (fp16 on disk, Float32 in memory).
    public static func load(modelDirectory: URL) throws(ScreeningError) -> ConceptImageEncoder {
        let config = try ConceptEncoderConfiguration.load(modelDirectory.appendingPathComponent("config.json"))
        let weightsURL = modelDirectory.appendingPathComponent(config.weights)
        let bankURL = modelDirectory.appendingPathComponent(config.calibration.file)
        try verify(weightsURL, sha256: config.sha256)
        try verify(bankURL, sha256: config.calibration.sha256)
        let weights = try ConceptEncoderWeights(url: weightsURL, configuration: config)
        let bankFile = try HeadWeightsFile(url: bankURL)
        guard let entry = bankFile.shape(of: config.calibration.tensor) else {
            throw .missingTensor(name: config.calibration.tensor, file: bankURL.path)
        }
        guard entry.count == 2, entry[0] >= 200, entry[1] == config.embeddingDim else {
            throw .tensorShapeMismatch(name: config.calibration.tensor, expected: [max(200, entry.first ?? 0), config.embeddingDim],
                                       actual: entry, file: bankURL.path)
        }
        let bank = try bankFile.tensor(named: config.calibration.tensor, shape: entry)
        let calibration = try ConceptCalibration(bank: Tensor(shape: entry, data: bank),
                                                 falsePositiveRates: config.calibration.falsePositiveRates,
                                                 scores: config.calibration.scores)
        return ConceptImageEncoder(configuration: config, weights: weights, calibration: calibration)
    }

    /// Fails closed: a missing or unreadable file is `modelFileUnreadable`, an altered or
    /// truncated one `weightsDigestMismatch`.
    private static func verify(_ url: URL, sha256: String) throws(ScreeningError) {
        do {
            try ModelIntegrity.verify(url, sha256: sha256)
        } catch let .digestMismatch(file, expected, actual) {
            throw .weightsDigestMismatch(file: file, expected: expected, actual: actual)
        } catch {
            throw HeadWeightsFile.screeningError(error, path: url.path)
        }
    }

    /// The image's embedding: 384 floats, L2-normalised, in MiniLM's sentence-embedding space.
    public func embed(_ image: RGBAImage) throws(ScreeningError) -> [Float] {
        let input = try ConceptImageInput.tensor(from: image, size: configuration.inputSize,
                                                 mean: configuration.mean, std: configuration.std)
        return try embed(input: input)
    }

    /// The embedding of an already prepared input `[1, 3, S, S]` (tests compare it with PyTorch).
    public func embed(input: Tensor) throws(ScreeningError) -> [Float] {
        let size = configuration.inputSize
        guard input.shape == [1, 3, size, size] else {
            throw .invalidInput(reason: "concept encoder input has shape \(input.shape), expected [1, 3, \(size), \(size)]")
        }
        var h = input
        for stage in weights.stages {
            h = stage.forward(h, groups: configuration.groups)          // [1, Ck, S/2^k, S/2^k]
        }
        let channels = h.shape[1], pixels = h.shape[2] * h.shape[3]
        var pooled = [Float](repeating: 0, count: channels)               // [C]
        for c in 0..<channels {
            var sum: Float = 0
            for p in 0..<pixels { sum += h.data[c * pixels + p] }
            pooled[c] = sum / Float(pixels)
        }
        let hidden = Tensor(shape: [1, channels], data: pooled)
            .linear(weight: weights.head1Weight, bias: weights.head1Bias).gelu()   // [1, H]
        let out = hidden.linear(weight: weights.head2Weight, bias: weights.head2Bias).data  // [384]
        var norm: Float = 0
        for v in out { norm += v * v }
        norm = norm.squareRoot()
        guard norm.isFinite, norm > 0 else {
            throw .embeddingNotFinite(context: "concept image embedding has norm \(norm)")
        }
        return out.map { $0 / norm }
    }
}
