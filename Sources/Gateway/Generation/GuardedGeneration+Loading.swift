import Audit
import Diffusion
import Foundation
import Logging

extension GuardedGeneration {
    /// The pipeline of the embedded defaults: the loaded prompt moderator, the generator and the
    /// image screen from `paths.models`. A part that cannot load is kept as the reason, so the
    /// routes that need it answer 503 (fail closed) while the rest of the server runs.
    public static func load(moderator: Result<PromptModerator, GatewayFailure>, audit: AuditLog, store: RequestStore,
                            paths: WardenPaths, queue: GenerationQueue = GenerationQueue(),
                            metrics: GatewayMetrics? = nil, logger: Logger) -> Result<GuardedGeneration, GatewayFailure> {
        let loadedModerator: PromptModerator
        switch moderator {
        case let .success(loaded): loadedModerator = loaded
        case let .failure(failure): return .failure(failure)
        }
        let moderator = loadedModerator
        let generator = loadGenerator(paths: paths)
        let screen = loadImageScreen(paths: paths, moderator: moderator)
        if case let .failure(failure) = generator { logger.error("image generation unavailable; image routes answer 503: \(failure.reason)") }
        if case let .failure(failure) = screen { logger.error("image screening unavailable; image routes answer 503: \(failure.reason)") }
        return .success(GuardedGeneration(moderator: moderator, generator: generator, imageScreen: screen, queue: queue,
                                          audit: audit, store: store, metrics: metrics, logger: logger))
    }

    /// The in-process diffusion cascade from `Models/generator-base` and `generator-upsampler`.
    static func loadGenerator(paths: WardenPaths) -> Result<any ImageGenerator, GatewayFailure> {
        do {
            return .success(DiffusionImageGenerator(pipeline: try DiffusionPipeline.load(modelsDirectory: paths.models)))
        } catch {
            return .failure(GatewayFailure(reason: "\(error)"))
        }
    }

    /// The nudity classifier and the concept encoder from `Models/nudity` and `Models/concept-encoder`.
    static func loadImageScreen(paths: WardenPaths, moderator: PromptModerator) -> Result<any ImageSafetyScreen, GatewayFailure> {
        do {
            return .success(try ModelImageScreen.load(modelsDirectory: paths.models, textEncoder: moderator.screen.encoder))
        } catch {
            return .failure(GatewayFailure(reason: "\(error)"))
        }
    }
}
