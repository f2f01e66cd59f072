@testable import Audit
import Foundation
import Testing

/// Tampering straight on the file with the sqlite3 C API; `verify` must name the row.
@Suite("Audit chain tamper detection")
struct AuditTamperTests {
    /// A log of 6 rows; returns the records.
    static func seed(_ dir: TemporaryDataDirectory) async throws -> [AuditRecord] {
        let log = try AuditLog.open(dataDirectory: dir.url)
        defer { log.close() }
        var out: [AuditRecord] = []
        for i in 1...6 { out.append(try await log.append(Drafts.make(prompt: "prompt number \(i)"))) }
        return out
    }

    static func verify(_ dir: TemporaryDataDirectory) async throws -> AuditVerification {
        let log = try AuditLog.open(dataDirectory: dir.url)
        defer { log.close() }
        return try await log.verify()
    }

    @Test("editing a row's prompt is found and names that row", arguments: [
        "UPDATE audit_records SET prompt = 'something harmless' WHERE seq = 3",
        "UPDATE audit_records SET action = 'allow', explanation = 'x' WHERE seq = 3",
        "UPDATE audit_records SET time_us = time_us + 1 WHERE seq = 3",
    ])
    func editedRow(sql: String) async throws {
        let dir = try TemporaryDataDirectory()
        defer { dir.remove() }
        let records = try await Self.seed(dir)
        try RawSQLite.execute(dir.databasePath, sql)
        let result = try await Self.verify(dir)
        #expect(!result.isIntact)
        #expect(result.firstProblem?.kind == .edited)
        #expect(result.firstProblem?.sequence == 3)
        #expect(result.firstProblem?.decisionID == records[2].decisionID.uuidString.lowercased())
        #expect(result.problems.count == 1)
    }

    @Test("deleting a row in the middle names the missing sequence number")
    func deletedMiddleRow() async throws {
        let dir = try TemporaryDataDirectory()
        defer { dir.remove() }
        _ = try await Self.seed(dir)
        try RawSQLite.execute(dir.databasePath, "DELETE FROM audit_records WHERE seq = 4")
        let result = try await Self.verify(dir)
        #expect(result.firstProblem?.kind == .missing)
        #expect(result.firstProblem?.sequence == 4)
    }

    @Test("deleting the newest row is caught by the chain head")
    func deletedNewestRow() async throws {
        let dir = try TemporaryDataDirectory()
        defer { dir.remove() }
        _ = try await Self.seed(dir)
        try RawSQLite.execute(dir.databasePath, "DELETE FROM audit_records WHERE seq = 6")
        let result = try await Self.verify(dir)
        #expect(result.firstProblem?.kind == .missing)
        #expect(result.firstProblem?.sequence == 6)
    }

    @Test("deleting a row and renumbering the rest breaks the link at the renumbered row")
    func deletedAndRenumbered() async throws {
        let dir = try TemporaryDataDirectory()
        defer { dir.remove() }
        let records = try await Self.seed(dir)
        try RawSQLite.execute(dir.databasePath, """
            DELETE FROM audit_records WHERE seq = 2;
            UPDATE audit_records SET seq = seq - 1 WHERE seq > 2;
            """)
        let result = try await Self.verify(dir)
        #expect(!result.isIntact)
        // Row 3 now sits at sequence 2: its hash covers seq, so it no longer matches.
        #expect(result.firstProblem?.sequence == 2)
        #expect(result.firstProblem?.decisionID == records[2].decisionID.uuidString.lowercased())
    }

    @Test("a forged row with a made-up hash is named")
    func forgedRow() async throws {
        let dir = try TemporaryDataDirectory()
        defer { dir.remove() }
        let records = try await Self.seed(dir)
        let forgedID = UUID().uuidString.lowercased()
        try RawSQLite.execute(dir.databasePath, """
            INSERT INTO audit_records (seq, decision_id, time_us, api_key_id, route, stage, prompt, normalized_prompt,
              stages_json, policy_input_json, policy_id, policy_version, policy_sha256, action, deciding_rules_json,
              explanation, image_hashes_json, prev_hash, row_hash)
            VALUES (7, '\(forgedID)', 1, 'key-a', '/v1/images/generations', 'prompt', 'forged', 'forged', '[]', NULL,
              'default', '1', 'x', 'allow', '[]', '', '[]', '\(records[5].rowHash)', '\(String(repeating: "b", count: 64))')
            """)
        let result = try await Self.verify(dir)
        #expect(result.firstProblem?.sequence == 7)
        #expect(result.firstProblem?.decisionID == forgedID)
    }

    @Test("a forged row with a correctly recomputed hash is still named, by the chain head")
    func forgedRowWithValidHash() async throws {
        let dir = try TemporaryDataDirectory()
        defer { dir.remove() }
        let records = try await Self.seed(dir)
        let forged = try AuditRow(draft: Drafts.make(prompt: "forged but well hashed"), sequence: 7,
                                  previousHash: records[5].rowHash)
        #expect(AuditChain.expectedHash(of: forged) == forged.rowHash)
        try RawSQLite.execute(dir.databasePath, """
            INSERT INTO audit_records (seq, decision_id, time_us, api_key_id, route, stage, prompt, normalized_prompt,
              stages_json, policy_input_json, policy_id, policy_version, policy_sha256, action, deciding_rules_json,
              explanation, image_hashes_json, prev_hash, row_hash)
            VALUES (7, '\(forged.decisionID)', \(forged.timeMicroseconds), 'key-a', '\(forged.route)', 'prompt',
              '\(forged.prompt)', '\(forged.normalizedPrompt)', '\(forged.stagesJSON)', NULL, 'default', '1',
              '\(forged.policySHA256)', 'allow', '[]', '', '[]', '\(forged.previousHash)', '\(forged.rowHash)')
            """)
        let result = try await Self.verify(dir)
        #expect(result.problems.count == 1)
        #expect(result.firstProblem?.kind == .inserted)
        #expect(result.firstProblem?.sequence == 7)
        #expect(result.firstProblem?.decisionID == forged.decisionID)
    }

    @Test("the canonical form escapes quotes, backslashes and control characters")
    func canonicalEscaping() {
        #expect(AuditChain.quoted("a\"b\\c\nd\u{01}é") == "\"a\\\"b\\\\c\\nd\\u0001é\"")
    }
}
