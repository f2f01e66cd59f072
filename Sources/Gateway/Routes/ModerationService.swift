import Audit
import Foundation
import Logging
import Policy

/// `POST /v1/moderations`: prompt screening and the policy for each input, each decision written
/// durably to the audit log before the answer leaves. When the screening models could not be
/// loaded the route answers 503 (fail closed) and says why.
public struct ModerationService: Sendable {
    /// Request limits; each violation is a 400 naming `input`.
    public struct Limits: Sendable, Equatable {
        public var maxInputs = 32
        public var maxCharacters = 10_000
        public init() {}
    }

    public let moderator: Result<PromptModerator, GatewayFailure>
    public let audit: AuditLog
    public let limits: Limits
    /// Where stage latencies go (nil: not recorded).
    public let metrics: GatewayMetrics?
    let logger: Logger

    public init(moderator: Result<PromptModerator, GatewayFailure>, audit: AuditLog, limits: Limits = Limits(),
                metrics: GatewayMetrics? = nil, logger: Logger) {
        self.moderator = moderator
        self.audit = audit
        self.limits = limits
        self.metrics = metrics
        self.logger = logger
    }

    /// Answers one request from the key described by `context` (its key id goes to the audit log).
    public func handle(_ request: HTTPRequest, context: RequestContext) async -> HTTPResponse {
        let moderator: PromptModerator
        switch self.moderator {
        case let .success(loaded): moderator = loaded
        case let .failure(failure):
            return .error(503, message: "Prompt screening is unavailable: \(failure.reason)", type: "server_error",
                          code: "screening_unavailable")
        }
        let body: ModerationRequest
        do { body = try request.decodeJSON(ModerationRequest.self) } catch {
            return .error(400, message: "The body must be a JSON object with \"input\": a string or an array of strings. \(error)",
                          param: "input", code: "invalid_input")
        }
        if body.inputs.isEmpty {
            return .error(400, message: "\"input\" holds no text.", param: "input", code: "invalid_input")
        }
        if body.inputs.count > limits.maxInputs {
            return .error(400, message: "\"input\" holds \(body.inputs.count) texts; at most \(limits.maxInputs) are accepted per request.",
                          param: "input", code: "too_many_inputs")
        }
        if let long = body.inputs.firstIndex(where: { $0.count > limits.maxCharacters }) {
            return .error(400, message: "input[\(long)] has \(body.inputs[long].count) characters; at most \(limits.maxCharacters) are accepted.",
                          param: "input", code: "input_too_long")
        }
        let moderations: [PromptModeration]
        do {
            moderations = try moderator.moderate(body.inputs, context: context)
        } catch {
            logger.error("moderation failed: \(error)")
            return .error(500, message: "Screening failed: \(error)", type: "server_error", code: "screening_failed")
        }
        var results: [ModerationResult] = []
        var drafts: [AuditRecordDraft] = []
        do {
            for moderation in moderations {
                let decisionID = UUID()
                results.append(ModerationResult(decisionID: decisionID.uuidString.lowercased(), moderation: moderation))
                drafts.append(try AuditRecordDraft(decisionID: decisionID, input: moderation.input,
                                                   decision: moderation.decision, stages: Self.stages(of: moderation)))
            }
            // Appended together, so the writer commits them in one batch; none is answered
            // before all are durable.
            try await withThrowingTaskGroup(of: Void.self) { group in
                for draft in drafts { group.addTask { _ = try await audit.append(draft) } }
                try await group.waitForAll()
            }
        } catch {
            logger.error("audit append failed, refusing to answer: \(error)")
            return .error(503, message: "The decision could not be recorded in the audit log, so no answer is given.",
                          type: "server_error", code: "audit_unavailable")
        }
        if let metrics {
            for moderation in moderations {
                for stage in Self.stages(of: moderation) {
                    metrics.observe(stage: stage.stage, milliseconds: stage.latencyMilliseconds)
                }
            }
        }
        var response = HTTPResponse.json(200, ModerationResponse(id: "modr-\(UUID().uuidString.lowercased())",
                                                                 model: "warden-moderation-\(BuildInfo.version)",
                                                                 results: results))
        response.headers[Router.decisionHeader] = Self.strictestAction(moderations.map(\.decision.action))
        return response
    }
}

extension ModerationService {
    /// The most restrictive of several actions (block > review > warn > allow), for the metrics.
    static func strictestAction(_ actions: [PolicyAction]) -> String {
        let order: [PolicyAction] = [.block, .review, .warn, .allow]
        return order.first(where: actions.contains)?.rawValue ?? "none"
    }

    /// The screening steps of one moderation as the audit log records them.
    static func stages(of moderation: PromptModeration) -> [AuditStageResult] {
        let latency = moderation.screening.latency
        return [
            AuditStageResult(stage: "normalize+lexicon", latencyMilliseconds: latency.normalizeAndMatchMs),
            AuditStageResult(stage: "encoder", latencyMilliseconds: latency.encodeMs),
            AuditStageResult(stage: "classifier", scores: moderation.screening.categoryScores,
                             latencyMilliseconds: latency.classifyMs),
            AuditStageResult(stage: "policy", latencyMilliseconds: moderation.policyMs),
        ]
    }
}

/// Why a part of the gateway could not be loaded (kept so the routes that need it can say so).
public struct GatewayFailure: Error, Sendable, Equatable {
    public var reason: String
    public init(reason: String) { self.reason = reason }
}
