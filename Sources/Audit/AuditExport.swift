import Foundation

/// The JSONL export format: one flat object per decision, keys sorted, the stored policy input
/// embedded as JSON (not as a string), time as ISO 8601 with milliseconds plus exact `time_us`.
enum AuditExport {
    struct Line: Encodable {
        let sequence: Int64
        let decision_id: String
        let time: String
        let time_us: Int64
        let api_key_id: String?
        let route: String
        let stage: String
        let prompt: String
        let normalized_prompt: String
        let stages: [AuditStageResult]
        let policy_input: AnyJSON?
        let policy_id: String
        let policy_version: String
        let policy_sha256: String
        let action: String
        let deciding_rules: [String]
        let explanation: String
        let image_hashes: [String]
        let prev_hash: String
        let row_hash: String
    }

    static func jsonLine(_ record: AuditRecord, pretty: Bool = false) throws -> Data {
        let d = record.draft
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        let input = d.policyInputJSON.flatMap { try? JSONDecoder().decode(AnyJSON.self, from: Data($0.utf8)) }
        let line = Line(sequence: record.sequence, decision_id: d.decisionID.uuidString.lowercased(),
                        time: formatter.string(from: d.time),
                        time_us: Int64((d.time.timeIntervalSince1970 * 1_000_000).rounded()),
                        api_key_id: d.apiKeyID, route: d.route, stage: d.stage, prompt: d.prompt,
                        normalized_prompt: d.normalizedPrompt, stages: d.stages, policy_input: input,
                        policy_id: d.policyID, policy_version: d.policyVersion, policy_sha256: d.policySHA256,
                        action: d.action, deciding_rules: d.decidingRules, explanation: d.explanation,
                        image_hashes: d.imageHashes, prev_hash: record.previousHash, row_hash: record.rowHash)
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.sortedKeys, .withoutEscapingSlashes, .prettyPrinted]
            : [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(line)
    }
}

/// Any JSON value, decoded and re-encoded unchanged in meaning.
enum AnyJSON: Codable, Sendable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([AnyJSON])
    case object([String: AnyJSON])

    init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null }
        else if let b = try? c.decode(Bool.self) { self = .bool(b) }
        else if let n = try? c.decode(Double.self) { self = .number(n) }
        else if let s = try? c.decode(String.self) { self = .string(s) }
        else if let a = try? c.decode([AnyJSON].self) { self = .array(a) }
        else { self = .object(try c.decode([String: AnyJSON].self)) }
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        switch self {
        case .null: try c.encodeNil()
        case let .bool(b): try c.encode(b)
        case let .number(n): try c.encode(n)
        case let .string(s): try c.encode(s)
        case let .array(a): try c.encode(a)
        case let .object(o): try c.encode(o)
        }
    }
}
