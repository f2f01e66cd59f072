import Foundation

/// The parts of `Models/prompt-classifier/config.json` the runtime needs (written by
/// `Models/prompt-classifier/train.py`; the model card documents every field).
public struct PromptClassifierConfiguration: Codable, Sendable, Equatable {
    /// Head architecture: `logistic` (one linear layer) or `mlp` (linear, ReLU, linear).
    public struct Architecture: Codable, Sendable, Equatable {
        /// `logistic` or `mlp`.
        public var kind: String
        /// Length of the vector the heads read (384 for the all-MiniLM-L6-v2 mean, 768 for `mean+max`).
        public var inputDim: Int
        /// Number of outputs, one per category.
        public var outputs: Int
        /// Hidden width of the `mlp` kind; nil for `logistic`.
        public var hidden: Int?
        /// How the input is pooled from the encoder's token states; nil (heads trained before it) means `mean`.
        public var features: PromptFeatures?

        enum CodingKeys: String, CodingKey {
            case kind, outputs, hidden, features
            case inputDim = "input_dim"
        }
    }

    /// Platt scaling per category: `p = 1 / (1 + exp(-(scale * logit + offset)))`.
    public struct Calibration: Codable, Sendable, Equatable {
        /// `platt`.
        public var method: String
        /// One slope per category, in `categories` order.
        public var scale: [Double]
        /// One intercept per category, in `categories` order.
        public var offset: [Double]
    }

    /// The weights file and its checksum.
    public struct Weights: Codable, Sendable, Equatable {
        /// File name, relative to the model directory.
        public var file: String
        /// `F32` or `F16`.
        public var dtype: String
        /// Hex SHA-256 of the file as trained; `PromptClassifier` refuses a file that does not match.
        public var sha256: String
    }

    /// The taxonomy's subcategory -> parent map and whether flags are closed upward through it
    /// (a prompt flagged `self-harm/instructions` is flagged `self-harm` too), as `train.py` measured them.
    public struct Hierarchy: Codable, Sendable, Equatable {
        /// Close flags upward: a flagged subcategory flags its parent.
        public var closeUpward: Bool
        /// Subcategory -> parent category.
        public var parents: [String: String]

        public init(closeUpward: Bool, parents: [String: String]) {
            self.closeUpward = closeUpward
            self.parents = parents
        }

        enum CodingKeys: String, CodingKey {
            case parents
            case closeUpward = "close_upward"
        }
    }

    /// Category names in output order (the 13 omni-moderation names).
    public var categories: [String]
    /// Head architecture.
    public var architecture: Architecture
    /// Per-category calibration.
    public var calibration: Calibration
    /// Calibrated score at or above which a category is flagged.
    public var thresholds: [String: Double]
    /// The weights file.
    public var weights: Weights
    /// Upward closure of flags; nil (heads trained before it) means flags per head only.
    public var hierarchy: Hierarchy?
}
