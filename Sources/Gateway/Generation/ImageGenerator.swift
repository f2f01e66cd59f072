import Imaging
import TextEncoder

/// What the guarded pipeline asks the generator for. The conditioning is the prompt
/// screening's own `TextEncoding` (one encoder pass per request).
public struct GenerationJob: Sendable {
    /// An edit's image (already at `size` x `size`) and the region to change.
    public struct Edit: Sendable {
        public var image: RGBAImage
        public var mask: EditMask
        public init(image: RGBAImage, mask: EditMask) {
            self.image = image
            self.mask = mask
        }
    }

    public var prompt: TextEncoding
    /// The negative prompt's encoding, or the empty text's (unconditional).
    public var negative: TextEncoding
    public var seed: UInt64
    public var steps: Int
    public var guidance: Float
    /// 64 or 256.
    public var size: Int
    /// 1...4; image i uses seed &+ i.
    public var imageCount: Int
    public var edit: Edit?

    public init(prompt: TextEncoding, negative: TextEncoding, seed: UInt64, steps: Int, guidance: Float, size: Int,
                imageCount: Int, edit: Edit?) {
        self.prompt = prompt
        self.negative = negative
        self.seed = seed
        self.steps = steps
        self.guidance = guidance
        self.size = size
        self.imageCount = imageCount
        self.edit = edit
    }
}

/// One step of generation, for progress bars.
public struct GenerationStep: Sendable, Equatable {
    /// "base" or "upsampler".
    public var stage: String
    public var step: Int
    public var totalSteps: Int
    public var imageIndex: Int

    public init(stage: String, step: Int, totalSteps: Int, imageIndex: Int) {
        self.stage = stage
        self.step = step
        self.totalSteps = totalSteps
        self.imageIndex = imageIndex
    }
}

/// The generator as the guarded pipeline uses it (the in-process diffusion cascade in
/// production; tests may use a small deterministic one). Steps default from the generator.
public protocol ImageGenerator: Sendable {
    /// Steps used when the request does not say.
    var defaultSteps: Int { get }
    /// Guidance used when the request does not say.
    var defaultGuidance: Float { get }
    /// Generates `job.imageCount` images of `job.size` pixels. `progress` returning false
    /// cancels; then this throws ``GatewayError/generationCancelled(stage:)``.
    func generate(_ job: GenerationJob, progress: @Sendable (GenerationStep) -> Bool) throws -> [RGBAImage]
}

/// What image screening found in one image, as the policy reads it.
public struct ImageSafetyReport: Sendable, Equatable {
    /// P(nsfw) in [0, 1].
    public var nudityScore: Double
    /// Concept in words -> calibrated score (the policy's scale).
    public var conceptScores: [String: Double]
    /// Milliseconds spent.
    public var milliseconds: Double
    /// Concept -> the phrase of its rule's phrase set that scored highest (concepts whose rules
    /// list phrases); the policy names it in the rule's evidence.
    public var conceptPhrases: [String: String]

    public init(nudityScore: Double, conceptScores: [String: Double], milliseconds: Double,
                conceptPhrases: [String: String] = [:]) {
        self.conceptPhrases = conceptPhrases
        self.nudityScore = nudityScore
        self.conceptScores = conceptScores
        self.milliseconds = milliseconds
    }
}

/// Image screening as the guarded pipeline uses it (the nudity classifier and the concept
/// encoder in production).
public protocol ImageSafetyScreen: Sendable {
    /// Scores `image` for nudity and for each of `concepts` (the policy's image concept rules).
    func screen(_ image: RGBAImage, concepts: [String]) throws -> ImageSafetyReport
    /// As `screen(_:concepts:)`, scoring each concept listed in `phrases` as its rule's phrase
    /// set (`CompiledPolicy.imageConceptPhrases`). Screens without phrase sets inherit a default
    /// that ignores them.
    func screen(_ image: RGBAImage, concepts: [String], phrases: [String: [String]]) throws -> ImageSafetyReport
}

extension ImageSafetyScreen {
    public func screen(_ image: RGBAImage, concepts: [String], phrases: [String: [String]]) throws -> ImageSafetyReport {
        try screen(image, concepts: concepts)
    }
}
