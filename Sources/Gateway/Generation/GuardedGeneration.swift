import Audit
import Dispatch
import Foundation
import Imaging
import Logging
import Policy
import Screening
import TextEncoder

/// The one straight path every image request takes, from the CLI and from HTTP alike:
///
///     prompt screening (one encoder pass) -> policy (prompt)
///     [edits: uploaded image screening -> policy (input_image)]
///     -> bounded generation queue -> generator (conditioned on the screening's own encoding)
///     -> screening of every output image -> policy (output_image)
///     -> audit rows durable -> result
///
/// Every decision is appended to the audit log before the caller hears of it. A `block` at any
/// stage refuses the whole request; a `review` holds it in the ``RequestStore`` (approval
/// resumes it at the next stage). When the generator or the image screen is not loaded, a
/// prompt the policy allows stops with ``GatewayError/serviceUnavailable(component:reason:)``
/// (503) before anything is generated: nothing unscreened is ever returned. (A refused prompt
/// is still refused with its explanation.)
public final class GuardedGeneration: Sendable {
    public let moderator: PromptModerator
    public let generator: Result<any ImageGenerator, GatewayFailure>
    public let imageScreen: Result<any ImageSafetyScreen, GatewayFailure>
    public let queue: GenerationQueue
    public let audit: AuditLog
    public let store: RequestStore
    public let limits: GenerationLimits
    /// Where each stage's latency is observed (nil: not measured).
    public let metrics: GatewayMetrics?
    let logger: Logger

    public init(moderator: PromptModerator, generator: Result<any ImageGenerator, GatewayFailure>,
                imageScreen: Result<any ImageSafetyScreen, GatewayFailure>, queue: GenerationQueue = GenerationQueue(),
                audit: AuditLog, store: RequestStore, limits: GenerationLimits = GenerationLimits(),
                metrics: GatewayMetrics? = nil, logger: Logger) {
        self.moderator = moderator
        self.generator = generator
        self.imageScreen = imageScreen
        self.queue = queue
        self.audit = audit
        self.store = store
        self.limits = limits
        self.metrics = metrics
        self.logger = logger
    }

    /// Runs `request` through the whole pipeline. `progress` hears each denoising step;
    /// `cancellation` stops queued or running work (the client went away).
    public func run(_ request: ImageGenerationRequest, context: RequestContext,
                    cancellation: RequestCancellation = RequestCancellation(),
                    progress: @escaping @Sendable (GenerationStep) -> Void = { _ in }) async throws(GatewayError) -> GenerationOutcome {
        var context = context
        context.route = request.route
        context.size = request.size
        context.n = request.n
        let edit = try request.edit.map { upload throws(GatewayError) in try Self.prepare(upload, size: request.size, limits: limits) }
        let requestID = HeldRequest.newID()

        // Prompt: screening and policy (one encoder pass: its encoding conditions generation).
        let moderation: PromptModeration
        do { moderation = try moderator.moderate([request.prompt], context: context)[0] } catch {
            throw .generationFailed(stage: "prompt screening", reason: "\(error)")
        }
        let promptDecisionID = UUID()
        let promptVerdict = WardenVerdict(decisionID: promptDecisionID.uuidString.lowercased(), moderation: moderation)
        try await record([draft(decisionID: promptDecisionID, input: moderation.input, decision: moderation.decision,
                                stages: ModerationService.stages(of: moderation))])
        switch moderation.decision.action {
        case .block: return .refused(GenerationRefusal(verdict: promptVerdict, param: "prompt"))
        case .review: return .held(try await hold(requestID: requestID, stage: .prompt, request: request, context: context,
                                                    verdict: promptVerdict))
        case .allow, .warn: break
        }
        // A refused or held prompt needs no model past this point; an allowed one does, and
        // without the generator or the image screen it stops here (fail closed).
        let (generator, screen) = try components()
        return try await continueAfterPrompt(request: request, requestID: requestID, encoding: moderation.screening.encoding,
                                             verdicts: [promptVerdict], edit: edit, context: context, generator: generator,
                                             screen: screen, cancellation: cancellation, progress: progress)
    }

    /// From the uploaded image's screening (edits) on.
    func continueAfterPrompt(request: ImageGenerationRequest, requestID: String, encoding: TextEncoding,
                             verdicts: [WardenVerdict], edit: GenerationJob.Edit?, context: RequestContext,
                             generator: any ImageGenerator, screen: any ImageSafetyScreen,
                             cancellation: RequestCancellation,
                             progress: @escaping @Sendable (GenerationStep) -> Void) async throws(GatewayError) -> GenerationOutcome {
        var verdicts = verdicts
        if let edit {
            let policy = moderator.engine.current
            let concepts = policy.imageConcepts, phrases = policy.imageConceptPhrases
            let image = edit.image
            let inspected: [InspectedImage]
            do {
                inspected = try await queue.run(cancellation: cancellation) { try Self.inspect([image], screen: screen, concepts: concepts, phrases: phrases) }
            } catch let error as GatewayError { throw error } catch {
                throw .generationFailed(stage: "input image screening", reason: "\(error)")
            }
            let screened = try await decide(inspected, stage: .inputImage, request: request, context: context)
            let verdict = screened[0].verdict
            verdicts.append(verdict)
            switch screened[0].decision.action {
            case .block: return .refused(GenerationRefusal(verdict: verdict, param: "image"))
            case .review: return .held(try await hold(requestID: requestID, stage: .inputImage, request: request,
                                                      context: context, verdict: verdict))
            case .allow, .warn: break
            }
        }
        return try await generateAndScreen(request: request, requestID: requestID, encoding: encoding, verdicts: verdicts,
                                           edit: edit, context: context, generator: generator, screen: screen,
                                           cancellation: cancellation, progress: progress)
    }

    /// Queue, generate, screen every output, decide, record, and return or refuse or hold.
    func generateAndScreen(request: ImageGenerationRequest, requestID: String, encoding: TextEncoding,
                           verdicts: [WardenVerdict], edit: GenerationJob.Edit?, context: RequestContext,
                           generator: any ImageGenerator, screen: any ImageSafetyScreen,
                           cancellation: RequestCancellation,
                           progress: @escaping @Sendable (GenerationStep) -> Void) async throws(GatewayError) -> GenerationOutcome {
        let negative: TextEncoding
        do { negative = try moderator.screen.encoder.encode([request.negativePrompt ?? ""])[0] } catch {
            throw .generationFailed(stage: "negative prompt encoding", reason: "\(error)")
        }
        let seed = request.seed ?? UInt64.random(in: 0...UInt64(UInt32.max))
        let job = GenerationJob(prompt: encoding, negative: negative, seed: seed,
                                steps: request.steps ?? generator.defaultSteps,
                                guidance: request.guidance ?? generator.defaultGuidance,
                                size: request.size, imageCount: request.n, edit: edit)
        // Generation and the screening of its outputs share one queue slot (both CPU-bound).
        let policy = moderator.engine.current
        let concepts = policy.imageConcepts, phrases = policy.imageConceptPhrases
        let inspected: [InspectedImage]
        do {
            inspected = try await queue.run(cancellation: cancellation) {
                let start = DispatchTime.now().uptimeNanoseconds
                let images = try generator.generate(job) { step in
                    progress(step)
                    return !cancellation.isCancelled
                }
                guard images.count == job.imageCount else {
                    throw GatewayError.generationFailed(stage: "generation", reason: "asked for \(job.imageCount) images, got \(images.count)")
                }
                let generateMs = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
                return try Self.inspect(images, screen: screen, concepts: concepts, phrases: phrases).map {
                    var image = $0
                    image.generateMs = generateMs / Double(images.count)
                    return image
                }
            }
        } catch let error as GatewayError {
            throw error
        } catch {
            throw .generationFailed(stage: "generation", reason: "\(error)")
        }
        let screened = try await decide(inspected, stage: .outputImage, request: request, context: context)
        let worst = screened.max { $0.decision.action < $1.decision.action }
        if let worst, worst.decision.action == .block {
            return .refused(GenerationRefusal(verdict: worst.verdict, param: "prompt"))
        }
        if let worst, worst.decision.action == .review {
            return .held(try await hold(requestID: requestID, stage: .outputImage, request: request, context: context,
                                        verdict: worst.verdict, heldImageHashes: screened.map(\.sha256), seed: seed))
        }
        var served: [GeneratedImage] = []
        for image in screened {
            let id = try await store.serve(sha256: image.sha256, requestID: requestID)
            served.append(GeneratedImage(id: id, sha256: image.sha256, png: image.png, verdict: image.verdict))
        }
        return .completed(GenerationResult(requestID: requestID, created: Date(), seed: seed, images: served,
                                           verdicts: verdicts))
    }

    /// The generator and the image screen, or a fail-closed error naming what is missing.
    func components() throws(GatewayError) -> (any ImageGenerator, any ImageSafetyScreen) {
        let screen: any ImageSafetyScreen
        switch imageScreen {
        case let .success(loaded): screen = loaded
        case let .failure(failure): throw .serviceUnavailable(component: "image screening", reason: failure.reason)
        }
        switch generator {
        case let .success(loaded): return (loaded, screen)
        case let .failure(failure): throw .serviceUnavailable(component: "image generation", reason: failure.reason)
        }
    }
}
