import Diffusion
import Imaging
import Tensor
import TextEncoder

/// The in-process diffusion cascade (`DiffusionPipeline`) as the guarded pipeline's generator.
/// The conditioning is the prompt screening's own encoding (`TextConditioning(encoding)`); a
/// prompt longer than the generator's 77 tokens keeps its first 76 tokens and its final [SEP]
/// (the pooled vector still covers the whole prompt).
public struct DiffusionImageGenerator: ImageGenerator {
    public let pipeline: DiffusionPipeline

    public init(pipeline: DiffusionPipeline) {
        self.pipeline = pipeline
    }

    public var defaultSteps: Int { pipeline.base.configuration.defaultSteps }
    public var defaultGuidance: Float { pipeline.base.configuration.defaultGuidance }

    public func generate(_ job: GenerationJob, progress: @Sendable (GenerationStep) -> Bool) throws -> [RGBAImage] {
        let configuration = GenerationConfiguration(
            prompt: Self.conditioning(job.prompt), negative: Self.conditioning(job.negative), seed: job.seed,
            steps: job.steps, guidance: job.guidance, size: job.size, imageCount: job.imageCount,
            edit: job.edit.map { InpaintingInput(image: $0.image, mask: $0.mask) })
        do {
            return try pipeline.generate(configuration) { step in
                progress(GenerationStep(stage: step.stage, step: step.step, totalSteps: step.totalSteps, imageIndex: step.imageIndex))
            }
        } catch .cancelled {
            throw GatewayError.generationCancelled(stage: "generation")
        } catch {
            throw GatewayError.generationFailed(stage: "generation", reason: "\(error)")
        }
    }

    /// The encoding's token states cut to the generator's token limit, with its pooled vector.
    static func conditioning(_ encoding: TextEncoding) -> TextConditioning {
        let limit = TextConditioning.maximumTokens
        let shape = encoding.tokenStates.shape
        guard shape.count == 2, shape[0] > limit else { return TextConditioning(encoding) }
        let width = shape[1]
        let data = encoding.tokenStates.data
        let kept = Array(data[0..<((limit - 1) * width)]) + Array(data[((shape[0] - 1) * width)..<(shape[0] * width)])
        return TextConditioning(tokenStates: Tensor(shape: [limit, width], data: kept), pooled: encoding.embedding)
    }
}
