import Audit
import Dispatch
import Foundation
import Imaging
import Policy

/// An image after screening: its PNG, its scores, and (once decided) the policy's decision.
struct InspectedImage: Sendable {
    var image: RGBAImage
    var png: Data
    var report: ImageSafetyReport
    var generateMs: Double?
}

/// An inspected image with its decision, stored by hash in the audit image store.
struct ScreenedImage: Sendable {
    var png: Data
    var sha256: String
    var decision: PolicyDecision
    var verdict: WardenVerdict
}

extension GuardedGeneration {
    /// Decodes an edit's uploads (PNG within the upload limits), checks the mask matches the
    /// image, and brings both to `size` x `size`. Bad uploads are 400s naming image or mask.
    static func prepare(_ upload: ImageGenerationRequest.EditUpload, size: Int,
                        limits: GenerationLimits) throws(GatewayError) -> GenerationJob.Edit {
        let image: RGBAImage
        do { image = try PNGCodec.decode(upload.imagePNG, limits: limits.uploadImageLimits) } catch {
            throw .invalidParameter(name: "image", reason: "the image is not a usable PNG: \(error)")
        }
        guard image.width == image.height else {
            throw .invalidParameter(name: "image", reason: "the image is \(image.width)x\(image.height); it must be square")
        }
        var mask = EditMask(transparencyOf: image)
        if let maskPNG = upload.maskPNG {
            let maskImage: RGBAImage
            do { maskImage = try PNGCodec.decode(maskPNG, limits: limits.uploadImageLimits) } catch {
                throw .invalidParameter(name: "mask", reason: "the mask is not a usable PNG: \(error)")
            }
            do { mask = try EditMask(alphaOf: maskImage, matching: image) } catch {
                throw .invalidParameter(name: "mask", reason: "the mask is \(maskImage.width)x\(maskImage.height) but the image is \(image.width)x\(image.height); they must be the same size")
            }
        }
        guard mask.editedFraction(threshold: 0.5) > 0 else {
            throw .invalidParameter(name: "mask", reason: "no pixel is transparent, so there is nothing to edit (transparent pixels mark the region to change)")
        }
        do {
            // The edit runs opaque: what the mask keeps is the image's own colour.
            var opaque = image
            for index in stride(from: 3, to: opaque.pixels.count, by: 4) { opaque.pixels[index] = 255 }
            let resized = image.width == size ? opaque : try opaque.resized(width: size, height: size)
            let resizedMask = mask.width == size ? mask : try mask.resized(width: size, height: size)
            return GenerationJob.Edit(image: resized, mask: resizedMask)
        } catch {
            throw .invalidParameter(name: "image", reason: "the image could not be resized to \(size)x\(size): \(error)")
        }
    }

    /// Encodes and screens `images` (runs inside a queue slot).
    static func inspect(_ images: [RGBAImage], screen: any ImageSafetyScreen, concepts: [String],
                        phrases: [String: [String]]) throws -> [InspectedImage] {
        try images.map { image in
            let png: Data
            do { png = try PNGCodec.encode(image) } catch {
                throw GatewayError.generationFailed(stage: "PNG encoding", reason: "\(error)")
            }
            let report: ImageSafetyReport
            do { report = try screen.screen(image, concepts: concepts, phrases: phrases) } catch {
                throw GatewayError.generationFailed(stage: "image screening", reason: "\(error)")
            }
            return InspectedImage(image: image, png: png, report: report)
        }
    }

    /// Decides each inspected image at `stage`, stores it by hash (refused ones too, for the
    /// audit trail; only ``RequestStore/serve(sha256:requestID:)`` makes an image servable),
    /// and appends every decision durably before returning.
    func decide(_ inspected: [InspectedImage], stage: Stage, request: ImageGenerationRequest,
                context: RequestContext) async throws(GatewayError) -> [ScreenedImage] {
        var screened: [ScreenedImage] = []
        var drafts: [AuditRecordDraft] = []
        for item in inspected {
            let start = DispatchTime.now().uptimeNanoseconds
            let input = PolicyInput(stage: stage, route: context.route, keyID: context.keyID, tenant: context.tenant,
                                    role: context.role, size: context.size, n: context.n, prompt: request.prompt,
                                    imageConcepts: item.report.conceptScores, nudityScore: item.report.nudityScore,
                                    imageConceptPhrases: item.report.conceptPhrases)
            let decision = moderator.engine.evaluate(input)
            let policyMs = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
            let sha: String
            do { sha = try audit.images.store(png: item.png) } catch {
                throw .auditUnavailable(reason: "storing the image: \(error)")
            }
            let decisionID = UUID()
            let verdict = WardenVerdict(decisionID: decisionID.uuidString.lowercased(), imageDecision: decision,
                                        report: item.report)
            var stages: [AuditStageResult] = []
            if let generateMs = item.generateMs { stages.append(AuditStageResult(stage: "generate", latencyMilliseconds: generateMs)) }
            stages.append(AuditStageResult(stage: "image_screen", scores: verdict.categoryScores,
                                           latencyMilliseconds: item.report.milliseconds))
            stages.append(AuditStageResult(stage: "policy", latencyMilliseconds: policyMs))
            drafts.append(try draft(decisionID: decisionID, input: input, decision: decision, stages: stages, imageHashes: [sha]))
            screened.append(ScreenedImage(png: item.png, sha256: sha, decision: decision, verdict: verdict))
        }
        try await record(drafts)
        return screened
    }

    func draft(decisionID: UUID, input: PolicyInput, decision: PolicyDecision, stages: [AuditStageResult],
               imageHashes: [String] = []) throws(GatewayError) -> AuditRecordDraft {
        do {
            return try AuditRecordDraft(decisionID: decisionID, input: input, decision: decision, stages: stages,
                                        imageHashes: imageHashes)
        } catch {
            throw .auditUnavailable(reason: "\(error)")
        }
    }

    /// Appends `drafts` together (one group commit); returns once all are durable.
    func record(_ drafts: [AuditRecordDraft]) async throws(GatewayError) {
        let audit = self.audit
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for draft in drafts { group.addTask { _ = try await audit.append(draft) } }
                try await group.waitForAll()
            }
        } catch {
            logger.error("audit append failed, refusing to answer: \(error)")
            throw .auditUnavailable(reason: "\(error)")
        }
        if let metrics {
            for stage in drafts.flatMap(\.stages) { metrics.observe(stage: stage.stage, milliseconds: stage.latencyMilliseconds) }
        }
    }

    /// Stores a held request durably and returns it.
    func hold(requestID: String, stage: Stage, request: ImageGenerationRequest, context: RequestContext,
              verdict: WardenVerdict, heldImageHashes: [String] = [], seed: UInt64? = nil) async throws(GatewayError) -> HeldRequest {
        let held = HeldRequest(id: requestID, stage: stage.rawValue, keyID: context.keyID, request: request, verdict: verdict,
                               heldImageHashes: heldImageHashes, seed: seed)
        try await store.save(held)
        logger.info("request held for review", metadata: ["request_id": "\(requestID)", "stage": "\(stage.rawValue)"])
        return held
    }
}
