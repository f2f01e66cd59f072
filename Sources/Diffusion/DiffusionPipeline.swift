import Foundation
import Imaging
import Tensor

/// The project's text-to-image cascade in process: the base model at 64x64 (text-to-image and
/// inpainting edits through its mask channels) and the 64->256 upsampler, both `UNet`s loaded
/// from `Models/generator-base` and `Models/generator-upsampler` (sha256-checked).
///
/// ```swift
/// let pipeline = try DiffusionPipeline.load(modelsDirectory: URL(fileURLWithPath: "Models"))
/// let images = try pipeline.generate(configuration) { progress in !cancelled }
/// ```
/// Immutable after loading; concurrent `generate` calls are safe (each has its own buffers and
/// samplers), though each already uses every BLAS thread.
public final class DiffusionPipeline: Sendable {
    public let base: UNet
    public let upsampler: UNet

    /// Sizes `generate` makes.
    public static let supportedSizes = [64, 256]
    public static let allowedSteps = 1...250
    public static let allowedImageCount = 1...4
    public static let allowedGuidance: ClosedRange<Float> = 0...30

    public init(base: UNet, upsampler: UNet) {
        self.base = base
        self.upsampler = upsampler
    }

    /// Loads `modelsDirectory/generator-base` and `modelsDirectory/generator-upsampler`.
    public static func load(modelsDirectory: URL) throws(DiffusionError) -> DiffusionPipeline {
        let base = try UNet.load(directory: modelsDirectory.appendingPathComponent("generator-base"))
        let upsampler = try UNet.load(directory: modelsDirectory.appendingPathComponent("generator-upsampler"))
        guard base.configuration.inputChannels == 7, base.configuration.outputChannels == 3 else {
            throw .invalidConfiguration(file: "generator-base/config.json", reason: "base needs 7 input and 3 output channels")
        }
        guard upsampler.configuration.inputChannels == 6, upsampler.configuration.augmentationTimestep != nil else {
            throw .invalidConfiguration(file: "generator-upsampler/config.json", reason: "upsampler needs 6 input channels and noise augmentation")
        }
        return DiffusionPipeline(base: base, upsampler: upsampler)
    }

    /// Generates `imageCount` images of `size` x `size` (RGBA, alpha 255). `progress` is called
    /// after every sampler step; returning false cancels (throws `.cancelled`).
    /// Bad input (size, steps, count, guidance, conditioning shapes, edit sizes) is a typed
    /// `DiffusionError` before any work is done.
    public func generate(_ configuration: GenerationConfiguration,
                         progress: @Sendable (GenerationProgress) -> Bool) throws(DiffusionError) -> [RGBAImage] {
        try validate(configuration)
        let lowSize = base.configuration.resolution
        let edit = try configuration.edit.map { input throws(DiffusionError) in try PreparedEdit(input, modelSize: lowSize) }
        let baseLoop = DenoisingLoop(unet: base, prompt: configuration.prompt, negative: configuration.negative,
                                     guidance: configuration.guidance)
        let upsamplerLoop = configuration.size == lowSize ? nil
            : DenoisingLoop(unet: upsampler, prompt: configuration.prompt, negative: configuration.negative,
                            guidance: upsampler.configuration.defaultGuidance)
        var images: [RGBAImage] = []
        for imageIndex in 0..<configuration.imageCount {
            var noise = GaussianNoise(seed: configuration.seed &+ UInt64(imageIndex))
            let pixels = lowSize * lowSize
            var sample = noise.samples(3 * pixels)
            var sampler = configuration.sampler.makeSampler(steps: configuration.steps)
            let extra = edit?.baseChannels ?? [Float](repeating: 0, count: 4 * pixels)
            let total = configuration.steps
            try baseLoop.run(sample: &sample, extraChannels: extra, height: lowSize, width: lowSize,
                             sampler: &sampler, augmentation: nil, noise: &noise) { step, _ in
                progress(GenerationProgress(stage: "base", step: step, totalSteps: total, imageIndex: imageIndex))
            }
            var low = try PixelConversion.image(fromPlanar: sample, size: lowSize)
            if let edit { low = edit.restoreKnownPixels(in: low, original: edit.lowImage) }
            guard let upsamplerLoop else {
                images.append(low)
                continue
            }
            images.append(try upsample(low, loop: upsamplerLoop, configuration: configuration, noise: &noise,
                                       imageIndex: imageIndex, edit: edit, progress: progress))
        }
        return images
    }

    /// The upsampler stage: the 64x64 image noise-augmented at the config's sampling timestep
    /// (`√ᾱ low + √(1−ᾱ) ε`, ε from the image's own noise stream), bilinear x4, then sampled.
    private func upsample(_ low: RGBAImage, loop: DenoisingLoop, configuration: GenerationConfiguration,
                          noise: inout GaussianNoise, imageIndex: Int, edit: PreparedEdit?,
                          progress: @Sendable (GenerationProgress) -> Bool) throws(DiffusionError) -> RGBAImage {
        let size = configuration.size, lowSize = low.width
        let augmentationTimestep = upsampler.configuration.augmentationTimestep ?? 0
        var lowPlanar = PixelConversion.planar(from: low)
        NoiseSchedule.addNoise(&lowPlanar, noise: noise.samples(lowPlanar.count), timestep: augmentationTimestep)
        let upsampled = Tensor(shape: [1, 3, lowSize, lowSize], data: lowPlanar).resizedBilinear(height: size, width: size)
        var sample = noise.samples(3 * size * size)
        let steps = configuration.upsamplerSteps ?? upsampler.configuration.defaultSteps
        var sampler = configuration.sampler.makeSampler(steps: steps)
        try loop.run(sample: &sample, extraChannels: upsampled.data, height: size, width: size, sampler: &sampler,
                     augmentation: Float(augmentationTimestep) / 1000, noise: &noise) { step, _ in
            progress(GenerationProgress(stage: "upsampler", step: step, totalSteps: steps, imageIndex: imageIndex))
        }
        let image = try PixelConversion.image(fromPlanar: sample, size: size)
        guard let edit else { return image }
        return edit.restoreKnownPixels(in: image, original: edit.image)
    }

    private func validate(_ c: GenerationConfiguration) throws(DiffusionError) {
        guard DiffusionPipeline.supportedSizes.contains(c.size) else {
            throw .unsupportedSize(requested: c.size, supported: DiffusionPipeline.supportedSizes)
        }
        guard DiffusionPipeline.allowedSteps.contains(c.steps) else {
            throw .invalidSteps(requested: c.steps, allowed: DiffusionPipeline.allowedSteps)
        }
        if let steps = c.upsamplerSteps, !DiffusionPipeline.allowedSteps.contains(steps) {
            throw .invalidSteps(requested: steps, allowed: DiffusionPipeline.allowedSteps)
        }
        guard DiffusionPipeline.allowedImageCount.contains(c.imageCount) else {
            throw .invalidImageCount(requested: c.imageCount, allowed: DiffusionPipeline.allowedImageCount)
        }
        guard c.guidance.isFinite, DiffusionPipeline.allowedGuidance.contains(c.guidance) else {
            throw .invalidInput(reason: "guidance \(c.guidance) is outside \(DiffusionPipeline.allowedGuidance)")
        }
        try c.prompt.validate("prompt", width: base.configuration.textDimension)
        try c.negative.validate("negative", width: base.configuration.textDimension)
        if let edit = c.edit {
            let image = edit.image, mask = edit.mask
            guard image.width == c.size, image.height == c.size, mask.width == c.size, mask.height == c.size else {
                throw .maskSizeMismatch(imageWidth: image.width, imageHeight: image.height,
                                        maskWidth: mask.width, maskHeight: mask.height, expected: c.size)
            }
        }
    }
}
