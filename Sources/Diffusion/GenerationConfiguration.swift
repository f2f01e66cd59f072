import Imaging

/// One generation request, as apple/ml-stable-diffusion's `PipelineConfiguration`: everything
/// `DiffusionPipeline.generate` needs besides the models.
public struct GenerationConfiguration: Sendable {
    /// Encoding of the prompt.
    public var prompt: TextConditioning
    /// Encoding of the negative prompt, or of "" (the unconditional branch of guidance).
    public var negative: TextConditioning
    /// Same seed (and settings) -> same image; image i draws from `GaussianNoise(seed: seed &+ i)`.
    public var seed: UInt64
    /// Base-model sampler steps, `DiffusionPipeline.allowedSteps`.
    public var steps: Int = 25
    /// Classifier-free guidance scale w: `v = v_neg + w (v_prompt − v_neg)`; 1 skips the
    /// negative branch. `DiffusionPipeline.allowedGuidance`.
    public var guidance: Float = 3.0
    public var sampler: SamplerKind = .dpmSolver2M
    /// 64, or 256 = base at 64 then the upsampler.
    public var size: Int = 64
    /// 1...4 images; image i uses seed &+ i.
    public var imageCount: Int = 1
    /// An edit: the image and the region to change (`EditMask`, transparent = change). Both
    /// must be `size` x `size`.
    public var edit: InpaintingInput? = nil
    /// Upsampler steps (size 256); nil = the upsampler config's default.
    public var upsamplerSteps: Int? = nil

    public init(prompt: TextConditioning, negative: TextConditioning, seed: UInt64, steps: Int = 25,
                guidance: Float = 3.0, sampler: SamplerKind = .dpmSolver2M, size: Int = 64,
                imageCount: Int = 1, edit: InpaintingInput? = nil, upsamplerSteps: Int? = nil) {
        self.prompt = prompt
        self.negative = negative
        self.seed = seed
        self.steps = steps
        self.guidance = guidance
        self.sampler = sampler
        self.size = size
        self.imageCount = imageCount
        self.edit = edit
        self.upsamplerSteps = upsamplerSteps
    }
}

/// An edit request's inputs: the image and where it may change.
public struct InpaintingInput: Sendable {
    public var image: RGBAImage
    /// Transparent (weight >= 0.5) = region to regenerate; the rest is kept exactly.
    public var mask: EditMask

    public init(image: RGBAImage, mask: EditMask) {
        self.image = image
        self.mask = mask
    }
}

/// Reported after every sampler step.
public struct GenerationProgress: Sendable {
    /// "base" or "upsampler".
    public var stage: String
    /// Steps done in this stage, 1...totalSteps.
    public var step: Int
    public var totalSteps: Int
    /// Which of the request's images, 0-based.
    public var imageIndex: Int

    public init(stage: String, step: Int, totalSteps: Int, imageIndex: Int) {
        self.stage = stage
        self.step = step
        self.totalSteps = totalSteps
        self.imageIndex = imageIndex
    }
}
