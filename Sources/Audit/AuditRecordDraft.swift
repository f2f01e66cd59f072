import Foundation

/// One pipeline stage's result as logged: its scores (category or concept -> score) and latency.
public struct AuditStageResult: Codable, Sendable, Equatable {
    /// Stage name: `normalize`, `lexicon`, `classifier`, `policy`, `generate`, `image_screen`, ...
    public var stage: String
    /// Scores this stage produced (category name -> calibrated score); empty when it has none.
    public var scores: [String: Double]
    /// Wall-clock milliseconds the stage took.
    public var latencyMilliseconds: Double

    public init(stage: String, scores: [String: Double] = [:], latencyMilliseconds: Double) {
        self.stage = stage
        self.scores = scores
        self.latencyMilliseconds = latencyMilliseconds
    }
}

/// What the gateway hands to `AuditLog.append`: one decision, before it has a place in the chain.
public struct AuditRecordDraft: Codable, Sendable, Equatable {
    /// The decision id returned to the caller.
    public var decisionID: UUID
    /// When the decision was made (stored with microsecond precision).
    public var time: Date
    /// The API key id that made the request (never the key itself).
    public var apiKeyID: String?
    /// The HTTP route, e.g. `/v1/images/generations`.
    public var route: String
    /// The stage that decided: `prompt`, `input_image` or `output_image`.
    public var stage: String
    /// The prompt as sent.
    public var prompt: String
    /// The prompt after normalisation (what the screens saw).
    public var normalizedPrompt: String
    /// Every stage's scores and latency.
    public var stages: [AuditStageResult]
    /// The `PolicyInput` the decision was made from, as JSON (Policy's own encoding), so
    /// `ReplayEngine` can re-decide it with another policy. Nil when not available.
    public var policyInputJSON: String?
    /// The policy that decided: id, declared version and the SHA-256 of its text.
    public var policyID: String
    public var policyVersion: String
    public var policySHA256: String
    /// The action: `allow`, `block`, `review` or `warn`.
    public var action: String
    /// The rule ids that decided.
    public var decidingRules: [String]
    /// The explanation shown to the caller.
    public var explanation: String
    /// SHA-256 (hex) of the output images (stored by `AuditImageStore`).
    public var imageHashes: [String]

    public init(decisionID: UUID = UUID(), time: Date = Date(), apiKeyID: String?, route: String, stage: String,
                prompt: String, normalizedPrompt: String, stages: [AuditStageResult], policyInputJSON: String?,
                policyID: String, policyVersion: String, policySHA256: String, action: String,
                decidingRules: [String], explanation: String, imageHashes: [String] = []) {
        self.decisionID = decisionID
        self.time = time
        self.apiKeyID = apiKeyID
        self.route = route
        self.stage = stage
        self.prompt = prompt
        self.normalizedPrompt = normalizedPrompt
        self.stages = stages
        self.policyInputJSON = policyInputJSON
        self.policyID = policyID
        self.policyVersion = policyVersion
        self.policySHA256 = policySHA256
        self.action = action
        self.decidingRules = decidingRules
        self.explanation = explanation
        self.imageHashes = imageHashes
    }
}

/// A decision as stored: the draft's fields plus its place in the hash chain.
public struct AuditRecord: Codable, Sendable, Equatable {
    /// Position in the chain: 1, 2, 3, ... without gaps.
    public var sequence: Int64
    /// The decision's fields (time truncated to microseconds).
    public var draft: AuditRecordDraft
    /// `row_hash` of the row before (64 zeros for the first row), lowercase hex.
    public var previousHash: String
    /// SHA-256 over `previousHash` and the canonical row, lowercase hex (see `AuditChain`).
    public var rowHash: String

    public init(sequence: Int64, draft: AuditRecordDraft, previousHash: String, rowHash: String) {
        self.sequence = sequence
        self.draft = draft
        self.previousHash = previousHash
        self.rowHash = rowHash
    }

    /// The decision id.
    public var decisionID: UUID { draft.decisionID }
}
