import Foundation
import Storage

/// A row of `audit_records` exactly as stored (JSON columns as their stored text). The hash
/// chain is computed over these stored values, so verification never depends on re-encoding.
struct AuditRow: Sendable, Equatable {
    var sequence: Int64
    var decisionID: String
    var timeMicroseconds: Int64
    var apiKeyID: String?
    var route: String
    var stage: String
    var prompt: String
    var normalizedPrompt: String
    var stagesJSON: String
    var policyInputJSON: String?
    var policyID: String
    var policyVersion: String
    var policySHA256: String
    var action: String
    var decidingRulesJSON: String
    var explanation: String
    var imageHashesJSON: String
    var previousHash: String
    var rowHash: String

    /// Column list used by every SELECT, in the order `init(statement:)` reads.
    static let columns = """
        seq, decision_id, time_us, api_key_id, route, stage, prompt, normalized_prompt, stages_json,
        policy_input_json, policy_id, policy_version, policy_sha256, action, deciding_rules_json,
        explanation, image_hashes_json, prev_hash, row_hash
        """

    /// The INSERT matching `columns`.
    static let insertSQL = """
        INSERT INTO audit_records (\(columns))
        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)
        """

    /// Reads the current row of a statement selecting `columns` (optionally prefixed by a table alias).
    init(statement s: Statement) {
        sequence = s.int64(0)
        decisionID = s.string(1)
        timeMicroseconds = s.int64(2)
        apiKeyID = s.optionalString(3)
        route = s.string(4)
        stage = s.string(5)
        prompt = s.string(6)
        normalizedPrompt = s.string(7)
        stagesJSON = s.string(8)
        policyInputJSON = s.optionalString(9)
        policyID = s.string(10)
        policyVersion = s.string(11)
        policySHA256 = s.string(12)
        action = s.string(13)
        decidingRulesJSON = s.string(14)
        explanation = s.string(15)
        imageHashesJSON = s.string(16)
        previousHash = s.string(17)
        rowHash = s.string(18)
    }

    /// Builds the stored form of a draft at `sequence` after `previousHash`, hashing it.
    init(draft: AuditRecordDraft, sequence: Int64, previousHash: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        func json<T: Encodable>(_ value: T) throws -> String {
            String(decoding: try encoder.encode(value), as: UTF8.self)
        }
        self.sequence = sequence
        decisionID = draft.decisionID.uuidString.lowercased()
        timeMicroseconds = Int64((draft.time.timeIntervalSince1970 * 1_000_000).rounded())
        apiKeyID = draft.apiKeyID
        route = draft.route
        stage = draft.stage
        prompt = draft.prompt
        normalizedPrompt = draft.normalizedPrompt
        stagesJSON = try json(draft.stages)
        policyInputJSON = draft.policyInputJSON
        policyID = draft.policyID
        policyVersion = draft.policyVersion
        policySHA256 = draft.policySHA256
        action = draft.action
        decidingRulesJSON = try json(draft.decidingRules)
        explanation = draft.explanation
        imageHashesJSON = try json(draft.imageHashes)
        self.previousHash = previousHash
        rowHash = ""
        rowHash = AuditChain.rowHash(previousHash: previousHash, canonical: AuditChain.canonicalJSON(self))
    }

    /// Binds this row to `AuditRow.insertSQL`.
    func bind(to s: Statement) throws {
        try s.bind(1, sequence)
        try s.bind(2, decisionID)
        try s.bind(3, timeMicroseconds)
        try s.bind(4, apiKeyID)
        try s.bind(5, route)
        try s.bind(6, stage)
        try s.bind(7, prompt)
        try s.bind(8, normalizedPrompt)
        try s.bind(9, stagesJSON)
        try s.bind(10, policyInputJSON)
        try s.bind(11, policyID)
        try s.bind(12, policyVersion)
        try s.bind(13, policySHA256)
        try s.bind(14, action)
        try s.bind(15, decidingRulesJSON)
        try s.bind(16, explanation)
        try s.bind(17, imageHashesJSON)
        try s.bind(18, previousHash)
        try s.bind(19, rowHash)
    }

    /// Decodes the stored row into the public record type.
    func record() throws -> AuditRecord {
        let decoder = JSONDecoder()
        func decode<T: Decodable>(_ type: T.Type, _ text: String, _ column: String) throws -> T {
            do { return try decoder.decode(type, from: Data(text.utf8)) } catch {
                throw AuditError.corruptRow(sequence: sequence, column: column, reason: "\(error)")
            }
        }
        guard let uuid = UUID(uuidString: decisionID) else {
            throw AuditError.corruptRow(sequence: sequence, column: "decision_id", reason: "'\(decisionID)' is not a UUID")
        }
        let draft = AuditRecordDraft(
            decisionID: uuid, time: Date(timeIntervalSince1970: Double(timeMicroseconds) / 1_000_000),
            apiKeyID: apiKeyID, route: route, stage: stage, prompt: prompt, normalizedPrompt: normalizedPrompt,
            stages: try decode([AuditStageResult].self, stagesJSON, "stages_json"),
            policyInputJSON: policyInputJSON, policyID: policyID, policyVersion: policyVersion,
            policySHA256: policySHA256, action: action,
            decidingRules: try decode([String].self, decidingRulesJSON, "deciding_rules_json"),
            explanation: explanation,
            imageHashes: try decode([String].self, imageHashesJSON, "image_hashes_json"))
        return AuditRecord(sequence: sequence, draft: draft, previousHash: previousHash, rowHash: rowHash)
    }
}
