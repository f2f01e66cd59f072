import Audit
import CSQLite3
import Foundation

/// A fresh data directory under the system temporary folder.
struct TemporaryDataDirectory {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("warden-audit-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    var databasePath: String { url.appendingPathComponent("audit.sqlite3").path }

    func remove() { try? FileManager.default.removeItem(at: url) }
}

/// The signals a toy policy decides from (stands in for Policy's `PolicyInput` in replay tests).
struct ToyInput: Codable, Equatable {
    var violence: Double
    var hate: Double
}

enum Drafts {
    /// A decision with the given fields; the toy input is stored as the policy input JSON.
    static func make(prompt: String, action: String = "allow", key: String? = "key-a", stage: String = "prompt",
                     rules: [String] = [], scores: [String: Double] = [:], time: Date = Date(),
                     input: ToyInput? = nil, images: [String] = []) -> AuditRecordDraft {
        let inputJSON = input.flatMap { try? JSONEncoder().encode($0) }.map { String(decoding: $0, as: UTF8.self) }
        return AuditRecordDraft(
            time: time, apiKeyID: key, route: "/v1/images/generations", stage: stage, prompt: prompt,
            normalizedPrompt: prompt.lowercased(),
            stages: [AuditStageResult(stage: "classifier", scores: scores, latencyMilliseconds: 1.5),
                     AuditStageResult(stage: "policy", latencyMilliseconds: 0.1)],
            policyInputJSON: inputJSON, policyID: "default", policyVersion: "1", policySHA256: String(repeating: "a", count: 64),
            action: action, decidingRules: rules, explanation: action == "allow" ? "" : "blocked by \(rules.joined(separator: ","))",
            imageHashes: images)
    }
}

/// Raw SQL on the audit file through the sqlite3 C API, bypassing Warden entirely (tampering).
enum RawSQLite {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    static func execute(_ path: String, _ sql: String) throws {
        var db: OpaquePointer?
        guard sqlite3_open(path, &db) == SQLITE_OK, let db else {
            throw Failure(description: "cannot open \(path)")
        }
        defer { sqlite3_close(db) }
        var message: UnsafeMutablePointer<CChar>?
        if sqlite3_exec(db, sql, nil, nil, &message) != SQLITE_OK {
            let text = message.map { String(cString: $0) } ?? "?"
            sqlite3_free(message)
            throw Failure(description: "\(sql): \(text)")
        }
    }
}
