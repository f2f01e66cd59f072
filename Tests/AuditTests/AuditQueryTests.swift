import Audit
import Foundation
import Testing

@Suite("Audit queries, full text, pagination, export")
struct AuditQueryTests {
    static let base = Date(timeIntervalSince1970: 1_800_000_000)

    /// 10 decisions: i = 0..<10, one minute apart.
    static func seed(_ log: AuditLog) async throws -> [AuditRecord] {
        var out: [AuditRecord] = []
        for i in 0..<10 {
            let blocked = i % 3 == 0
            out.append(try await log.append(Drafts.make(
                prompt: i == 4 ? "Une scène de Bagarre au café" : "a red fox number \(i)",
                action: blocked ? "block" : (i == 5 ? "review" : "allow"),
                key: i % 2 == 0 ? "key-even" : "key-odd",
                stage: i == 8 ? "output_image" : "prompt",
                rules: blocked ? ["violence-high"] : (i == 5 ? ["hate-review"] : []),
                scores: ["violence": Double(i) / 10, "hate": i == 5 ? 0.7 : 0.0],
                time: base.addingTimeInterval(Double(i) * 60))))
        }
        return out
    }

    static func sequences(_ page: AuditPage) -> [Int64] { page.records.map(\.sequence) }

    @Test("filters select exactly the matching decisions")
    func filters() async throws {
        let dir = try TemporaryDataDirectory()
        defer { dir.remove() }
        let log = try AuditLog.open(dataDirectory: dir.url)
        defer { log.close() }
        _ = try await Self.seed(log)
        #expect(Self.sequences(try await log.query(AuditQuery(action: "block", newestFirst: false))) == [1, 4, 7, 10])
        #expect(Self.sequences(try await log.query(AuditQuery(apiKeyID: "key-odd", newestFirst: false))) == [2, 4, 6, 8, 10])
        #expect(Self.sequences(try await log.query(AuditQuery(rule: "hate-review"))) == [6])
        #expect(Self.sequences(try await log.query(AuditQuery(category: "violence", minimumScore: 0.75, newestFirst: false))) == [9, 10])
        #expect(Self.sequences(try await log.query(AuditQuery(category: "hate", minimumScore: 0.5))) == [6])
        #expect(Self.sequences(try await log.query(AuditQuery(stage: "output_image"))) == [9])
        let window = AuditQuery(since: Self.base.addingTimeInterval(120), until: Self.base.addingTimeInterval(300), newestFirst: false)
        #expect(Self.sequences(try await log.query(window)) == [3, 4, 5])
        let combined = AuditQuery(action: "block", apiKeyID: "key-even", newestFirst: false)
        #expect(Self.sequences(try await log.query(combined)) == [1, 7])
    }

    @Test("full-text search finds words in the prompt, folds accents, and supports prefixes")
    func fullText() async throws {
        let dir = try TemporaryDataDirectory()
        defer { dir.remove() }
        let log = try AuditLog.open(dataDirectory: dir.url)
        defer { log.close() }
        _ = try await Self.seed(log)
        #expect(Self.sequences(try await log.query(AuditQuery(text: "bagarre"))) == [5])
        #expect(Self.sequences(try await log.query(AuditQuery(text: "scene cafe"))) == [5])
        #expect(Self.sequences(try await log.query(AuditQuery(text: "bag*"))) == [5])
        #expect(try await log.query(AuditQuery(text: "fox", limit: 100)).records.count == 9)
        // FTS5 operators are plain words: "OR" must itself occur, so nothing matches.
        #expect(Self.sequences(try await log.query(AuditQuery(text: "fox OR bagarre"))) == [])
        #expect(Self.sequences(try await log.query(AuditQuery(text: "fox \"number 3\""))) == [4])
        #expect(Self.sequences(try await log.query(AuditQuery(action: "block", text: "fox", newestFirst: false))) == [1, 4, 7, 10])
        await #expect(throws: AuditError.self) { _ = try await log.query(AuditQuery(text: "   ")) }
    }

    @Test("keyset pages cover every row once, in order, both directions", arguments: [true, false])
    func pagination(newestFirst: Bool) async throws {
        let dir = try TemporaryDataDirectory()
        defer { dir.remove() }
        let log = try AuditLog.open(dataDirectory: dir.url)
        defer { log.close() }
        _ = try await Self.seed(log)
        var query = AuditQuery(limit: 3, newestFirst: newestFirst)
        var seen: [Int64] = []
        var pages = 0
        while true {
            let page = try await log.query(query)
            pages += 1
            seen += Self.sequences(page)
            guard let next = page.nextCursor else { break }
            query.cursor = next
        }
        #expect(pages == 4)
        #expect(seen == (newestFirst ? Array((1...10).reversed()) : Array(1...10)))
        await #expect(throws: AuditError.invalidInput(reason: "page size 0 is outside 1...1000")) {
            _ = try await log.query(AuditQuery(limit: 0))
        }
    }

    @Test("JSONL export writes one parseable line per matching decision")
    func export() async throws {
        let dir = try TemporaryDataDirectory()
        defer { dir.remove() }
        let log = try AuditLog.open(dataDirectory: dir.url)
        defer { log.close() }
        let records = try await Self.seed(log)
        var output = Data()
        let count = try await log.export(jsonl: AuditQuery(action: "block")) { output.append($0) }
        #expect(count == 4)
        let lines = output.split(separator: 0x0a)
        #expect(lines.count == 4)
        let first = try JSONSerialization.jsonObject(with: Data(lines[0])) as? [String: Any]
        #expect(first?["sequence"] as? Int == 1)
        #expect(first?["decision_id"] as? String == records[0].decisionID.uuidString.lowercased())
        #expect(first?["row_hash"] as? String == records[0].rowHash)
        #expect((first?["deciding_rules"] as? [String]) == ["violence-high"])
    }
}
