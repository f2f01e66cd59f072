import Foundation
import TextEncoder

/// Calibrated per-category scores of a prompt from its MiniLM encoding.
///
/// The heads (logistic regression or a one-hidden-layer MLP over a vector pooled from the
/// all-MiniLM-L6-v2 token states: the 384-d mean-pooled, L2-normalised embedding, or that and the
/// L2-normalised max pool, `PromptFeatures`) and their Platt calibration are trained by
/// `Models/prompt-classifier/train.py`; see that folder's MODEL_CARD.md for data and figures.
///
///     let classifier = try PromptClassifier(directory: modelsURL.appending(path: "prompt-classifier"))
///     let result = try classifier.classify(encoding: encoding)   // scores ["violence": 0.01, ...] + flags
///     let scores = try classifier.scores(embedding: classifier.inputFeatures.vector(from: encoding))
public struct PromptClassifier: Sendable {
    /// The 13 category names in output order, as in config.json.
    public var categories: [String] { configuration.categories }
    /// Per-category thresholds on the calibrated score, as in config.json.
    public var thresholds: [String: Double] { configuration.thresholds }
    /// Length of the vector the heads read (`inputFeatures` of the encoding).
    public var embeddingDimension: Int { configuration.architecture.inputDim }
    /// How the heads' input is pooled from an encoding (`mean` for heads trained before the choice existed).
    public var inputFeatures: PromptFeatures { configuration.architecture.features ?? .mean }
    /// The loaded configuration.
    public let configuration: PromptClassifierConfiguration

    private let layers: [DenseLayer]

    /// One dense layer: `y = W x + b`, W row-major `[outputs, inputs]` (PyTorch's layout). Each row is
    /// a dot product in eight-wide SIMD lanes (Float sums, then the lanes added): the five-member heads
    /// are 1280 x 768, ten times the work of the earlier scalar Double loop.
    private struct DenseLayer: Sendable {
        var weight: [Float]
        var bias: [Float]
        var inputs: Int
        var outputs: Int

        func apply(_ x: [Float]) -> [Float] {
            var y = [Float](repeating: 0, count: outputs)
            let vectorCount = inputs / 8
            x.withUnsafeBufferPointer { input in
                weight.withUnsafeBufferPointer { w in
                    let xRaw = UnsafeRawPointer(input.baseAddress!)
                    let wRaw = UnsafeRawPointer(w.baseAddress!)
                    for row in 0..<outputs {
                        let base = row * inputs
                        var lanes = SIMD8<Float>()
                        for v in 0..<vectorCount {
                            let xs = xRaw.loadUnaligned(fromByteOffset: v * 32, as: SIMD8<Float>.self)
                            let ws = wRaw.loadUnaligned(fromByteOffset: (base + v * 8) * 4, as: SIMD8<Float>.self)
                            lanes += xs * ws
                        }
                        var sum = lanes.sum()
                        for column in (vectorCount * 8)..<inputs {
                            sum += w[base + column] * input[column]
                        }
                        y[row] = sum + bias[row]
                    }
                }
            }
            return y
        }
    }

    /// Loads `config.json` and the weights file it names from `directory`. The weights file must
    /// match the SHA-256 config.json records: a missing, truncated or altered file is refused.
    public init(directory: URL) throws(ScreeningError) {
        let configURL = directory.appendingPathComponent("config.json")
        let data: Data
        do {
            data = try Data(contentsOf: configURL)
        } catch {
            throw .modelFileUnreadable(path: configURL.path, reason: error.localizedDescription)
        }
        let configuration: PromptClassifierConfiguration
        do {
            configuration = try JSONDecoder().decode(PromptClassifierConfiguration.self, from: data)
        } catch {
            throw .configInvalid(file: configURL.path, reason: "\(error)")
        }
        let weightsURL = directory.appendingPathComponent(configuration.weights.file)
        try HeadWeightsFile.verify(weightsURL, sha256: configuration.weights.sha256)
        let weights = try HeadWeightsFile(url: weightsURL)
        try self.init(configuration: configuration, weights: weights, configPath: configURL.path)
    }

    private init(configuration: PromptClassifierConfiguration, weights: HeadWeightsFile,
                 configPath: String) throws(ScreeningError) {
        let arch = configuration.architecture
        let count = configuration.categories.count
        guard count > 0, arch.outputs == count, arch.inputDim > 0 else {
            throw .configInvalid(file: configPath, reason: "architecture has \(arch.outputs) outputs and input "
                                 + "\(arch.inputDim) for \(count) categories")
        }
        guard Set(configuration.categories).count == count else {
            throw .configInvalid(file: configPath, reason: "category names repeat")
        }
        guard configuration.calibration.method == "platt", configuration.calibration.scale.count == count,
              configuration.calibration.offset.count == count else {
            throw .configInvalid(file: configPath, reason: "calibration must be platt with \(count) scales and offsets")
        }
        for category in configuration.categories where configuration.thresholds[category] == nil {
            throw .configInvalid(file: configPath, reason: "no threshold for category \(category)")
        }
        let known = Set(configuration.categories)
        for (child, parent) in configuration.hierarchy?.parents ?? [:]
        where !known.contains(child) || !known.contains(parent) || child == parent {
            throw .configInvalid(file: configPath, reason: "hierarchy maps \(child) to \(parent), not two distinct categories")
        }
        if arch.features == .meanMax, arch.inputDim % 2 != 0 {
            throw .configInvalid(file: configPath, reason: "mean+max features need an even input_dim, not \(arch.inputDim)")
        }
        switch arch.kind {
        case "logistic":
            layers = [try Self.layer(weights, "linear", inputs: arch.inputDim, outputs: count)]
        case "mlp":
            guard let hidden = arch.hidden, hidden > 0 else {
                throw .configInvalid(file: configPath, reason: "mlp architecture without a positive hidden width")
            }
            layers = [try Self.layer(weights, "hidden", inputs: arch.inputDim, outputs: hidden),
                      try Self.layer(weights, "output", inputs: hidden, outputs: count)]
        default:
            throw .configInvalid(file: configPath, reason: "architecture kind \(arch.kind) is not logistic or mlp")
        }
        self.configuration = configuration
    }

    private static func layer(_ file: HeadWeightsFile, _ prefix: String, inputs: Int,
                              outputs: Int) throws(ScreeningError) -> DenseLayer {
        DenseLayer(weight: try file.tensor(named: "\(prefix).weight", shape: [outputs, inputs]),
                   bias: try file.tensor(named: "\(prefix).bias", shape: [outputs]),
                   inputs: inputs, outputs: outputs)
    }

    /// Uncalibrated head outputs (logits), in `categories` order, of a head input vector
    /// (`inputFeatures` of an encoding; for `mean` heads, the sentence embedding).
    public func logits(embedding: [Float]) throws(ScreeningError) -> [Double] {
        guard embedding.count == embeddingDimension else {
            throw .embeddingDimensionMismatch(expected: embeddingDimension, actual: embedding.count)
        }
        guard embedding.allSatisfy(\.isFinite) else {
            throw .embeddingNotFinite(context: "prompt-classifier input holds NaN or infinity")
        }
        var x = embedding  // [input_dim]
        for (index, layer) in layers.enumerated() {
            x = layer.apply(x)  // [hidden] then [13]
            if index < layers.count - 1 {
                x = x.map { max($0, 0) }  // ReLU between layers
            }
        }
        return x.map(Double.init)
    }

    /// Calibrated probabilities per category (Platt scaling of each head's logit).
    public func scores(embedding: [Float]) throws(ScreeningError) -> [String: Double] {
        let z = try logits(embedding: embedding)
        let calibration = configuration.calibration
        var scores: [String: Double] = [:]
        for (index, category) in categories.enumerated() {
            let t = calibration.scale[index] * z[index] + calibration.offset[index]
            scores[category] = 1 / (1 + exp(-t))
        }
        return scores
    }

    /// Categories whose score is at or above their threshold, in `categories` order; with the
    /// configuration's upward closure, also the parent of every such subcategory (one level: the
    /// taxonomy has no grandparents).
    public func flagged(_ scores: [String: Double]) -> [String] {
        var own = Set(categories.filter { category in
            guard let score = scores[category], let threshold = thresholds[category] else { return false }
            return score >= threshold
        })
        if let hierarchy = configuration.hierarchy, hierarchy.closeUpward {
            for (child, parent) in hierarchy.parents where own.contains(child) {
                own.insert(parent)
            }
        }
        return categories.filter(own.contains)
    }

    /// Operating-point scores (`OperatingPointScale`, 0.5 = the category's threshold) made
    /// consistent with `flagged`: under the upward closure, a parent takes the score of a subcategory
    /// that is at or above its operating point when that is higher. Scores below 0.5 are left as
    /// they are, so review-level policy rules on a parent see only its own head.
    public func closingUpward(operatingPointScores scores: [String: Double]) -> [String: Double] {
        guard let hierarchy = configuration.hierarchy, hierarchy.closeUpward else { return scores }
        var closed = scores
        for (child, parent) in hierarchy.parents {
            guard let childScore = scores[child], childScore >= 0.5 else { continue }
            closed[parent] = max(closed[parent] ?? 0, childScore)
        }
        return closed
    }

    /// Scores and flags of one encoding: its `inputFeatures` vector through the heads.
    public func classify(encoding: TextEncoding) throws(ScreeningError) -> PromptClassification {
        try classify(embedding: inputFeatures.vector(from: encoding))
    }

    /// Scores and flags of one head input vector (`inputFeatures` of an encoding).
    public func classify(embedding: [Float]) throws(ScreeningError) -> PromptClassification {
        let scores = try scores(embedding: embedding)
        return PromptClassification(scores: scores, flaggedCategories: flagged(scores))
    }
}
