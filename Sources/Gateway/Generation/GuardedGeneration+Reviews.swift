import Audit
import Foundation
import Policy
import TextEncoder

extension GuardedGeneration {
    /// A reviewer approves a pending request: the approval is audit-logged (durable), then the
    /// request resumes in the background at the stage after the one that held it (generation and
    /// image screening still run; a later stage may still refuse or hold it). Returns the
    /// approved record, or nil when no pending request has this id.
    public func approve(id: String, reviewerKeyID: String?, note: String?) async throws(GatewayError) -> HeldRequest? {
        guard let approved = try await decideReview(id: id, reviewerKeyID: reviewerKeyID, note: note, approve: true) else {
            return nil
        }
        Task.detached { [self] in await self.resume(approved) }
        return approved
    }

    /// A reviewer denies a pending request: logged durably; a later poll gets the refusal.
    public func deny(id: String, reviewerKeyID: String?, note: String?) async throws(GatewayError) -> HeldRequest? {
        try await decideReview(id: id, reviewerKeyID: reviewerKeyID, note: note, approve: false)
    }

    private func decideReview(id: String, reviewerKeyID: String?, note: String?,
                              approve: Bool) async throws(GatewayError) -> HeldRequest? {
        guard let current = try await store.held(id: id), current.status == .pending else { return nil }
        let decisionID = UUID()
        let verdict = WardenVerdict(decisionID: decisionID.uuidString.lowercased(), reviewOf: current.verdict,
                                    approved: approve, note: note)
        let policy = moderator.engine.current
        let draft = AuditRecordDraft(
            decisionID: decisionID, apiKeyID: reviewerKeyID,
            route: "/v1/admin/reviews/{id}/" + (approve ? "approve" : "deny"), stage: current.stage,
            prompt: current.request.prompt, normalizedPrompt: current.request.prompt,
            stages: [AuditStageResult(stage: "human_review", latencyMilliseconds: Date().timeIntervalSince(current.created) * 1000)],
            policyInputJSON: nil, policyID: current.verdict.policyID, policyVersion: current.verdict.policyVersion,
            policySHA256: policy.version == current.verdict.policyVersion ? policy.sha256 : "",
            action: verdict.action, decidingRules: ["human-review"] + current.verdict.rules.map(\.id),
            explanation: "\(approve ? "approved" : "denied") by a reviewer of request \(id)" + (note.map { ": \($0)" } ?? ""),
            imageHashes: current.heldImageHashes)
        // Claim it first (two reviewers cannot both decide), then log before answering.
        let claimed = try await store.transition(id: id, from: .pending) { record in
            record.status = approve ? .approved : .denied
            record.reviewerKeyID = reviewerKeyID
            record.note = note
            if !approve { record.verdict = verdict }
        }
        guard let claimed else { return nil }
        try await record([draft])
        return claimed
    }

    /// Resumes every request that was approved but had not finished (the process stopped while
    /// it ran); called once at start.
    public func resumeApprovedRequests() async {
        do {
            for held in try await store.list(status: .approved, limit: 1_000) {
                logger.info("resuming approved request \(held.id) after a restart")
                await resume(held)
            }
        } catch {
            logger.error("could not list approved requests to resume: \(error)")
        }
    }

    /// Runs an approved request on from where it was held and stores what became of it.
    func resume(_ held: HeldRequest) async {
        var final = held
        do {
            let outcome = try await continueApproved(held)
            switch outcome {
            case let .completed(result):
                final.status = .completed
                final.imageIDs = result.images.map(\.id)
                final.seed = result.seed
            case let .refused(refusal):
                final.status = .refused
                final.stage = refusal.verdict.stage
                final.verdict = refusal.verdict
            case .held:
                return  // `hold` stored it again as pending, at its new stage.
            }
        } catch {
            logger.error("approved request failed", metadata: ["request_id": "\(held.id)", "error": "\(error)"])
            final.status = .failed
            final.failure = "\(error)"
        }
        do { try await store.save(final) } catch {
            logger.error("could not store the outcome of request \(held.id): \(error)")
        }
    }

    private func continueApproved(_ held: HeldRequest) async throws(GatewayError) -> GenerationOutcome {
        let request = held.request
        let context = RequestContext(route: request.route, keyID: held.keyID, size: request.size, n: request.n)
        if held.stage == Stage.outputImage.rawValue {
            // The images were generated and screened before the hold; serve them now.
            var ids: [String] = []
            for sha in held.heldImageHashes { ids.append(try await store.serve(sha256: sha, requestID: held.id)) }
            let images = ids.enumerated().map { GeneratedImage(id: $1, sha256: held.heldImageHashes[$0], png: Data(), verdict: held.verdict) }
            return .completed(GenerationResult(requestID: held.id, created: Date(), seed: held.seed ?? 0, images: images,
                                               verdicts: [held.verdict]))
        }
        let (generator, screen) = try components()
        let edit = try request.edit.map { upload throws(GatewayError) in try Self.prepare(upload, size: request.size, limits: limits) }
        // The conditioning of a request held across a restart: encoded again from the prompt.
        let encoding: TextEncoding
        do { encoding = try moderator.screen.screen([request.prompt])[0].encoding } catch {
            throw .generationFailed(stage: "prompt encoding", reason: "\(error)")
        }
        if held.stage == Stage.prompt.rawValue {
            return try await continueAfterPrompt(request: request, requestID: held.id, encoding: encoding,
                                                 verdicts: [held.verdict], edit: edit, context: context, generator: generator,
                                                 screen: screen, cancellation: RequestCancellation(), progress: { _ in })
        }
        return try await generateAndScreen(request: request, requestID: held.id, encoding: encoding,
                                           verdicts: [held.verdict], edit: edit, context: context, generator: generator,
                                           screen: screen, cancellation: RequestCancellation(), progress: { _ in })
    }
}
