import Audit
import Foundation
import Testing

@Suite("AuditLog append and chain")
struct AuditLogTests {
    @Test("appends get consecutive sequence numbers, link by hash, and the chain verifies")
    func chainVerifies() async throws {
        let dir = try TemporaryDataDirectory()
        defer { dir.remove() }
        let log = try AuditLog.open(dataDirectory: dir.url)
        defer { log.close() }
        var records: [AuditRecord] = []
        for i in 0..<5 {
            records.append(try await log.append(Drafts.make(prompt: "a cat number \(i)")))
        }
        #expect(records.map(\.sequence) == [1, 2, 3, 4, 5])
        #expect(records[0].previousHash == AuditChain.genesisHash)
        for i in 1..<5 { #expect(records[i].previousHash == records[i - 1].rowHash) }
        let check = try await log.verify()
        #expect(check.isIntact)
        #expect(check.rowsChecked == 5)
        #expect(check.headSequence == 5)
        #expect(check.headHash == records[4].rowHash)
    }

    @Test("a stored record reads back equal to what append returned")
    func readBack() async throws {
        let dir = try TemporaryDataDirectory()
        defer { dir.remove() }
        let log = try AuditLog.open(dataDirectory: dir.url)
        defer { log.close() }
        let draft = Drafts.make(prompt: "a \"quoted\" prompt\nwith a newline / slash ✓", action: "block", rules: ["violence-high"],
                                scores: ["violence": 0.93], input: ToyInput(violence: 0.93, hate: 0.01), images: ["ab12"])
        let appended = try await log.append(draft)
        let byID = try await log.record(decisionID: draft.decisionID)
        let bySequence = try await log.record(sequence: appended.sequence)
        #expect(byID == appended)
        #expect(bySequence == appended)
        #expect(byID?.draft.stages == draft.stages)
        #expect(abs((byID?.draft.time.timeIntervalSince1970 ?? 0) - draft.time.timeIntervalSince1970) < 1e-5)
        #expect(try await log.record(decisionID: UUID()) == nil)
    }

    @Test("concurrent appends are all durable, share transactions, and survive a reopen")
    func concurrentAppends() async throws {
        let dir = try TemporaryDataDirectory()
        defer { dir.remove() }
        let log = try AuditLog.open(dataDirectory: dir.url)
        let ids = try await withThrowingTaskGroup(of: UUID.self) { group in
            for i in 0..<200 {
                group.addTask { try await log.append(Drafts.make(prompt: "prompt \(i)")).decisionID }
            }
            var ids: [UUID] = []
            for try await id in group { ids.append(id) }
            return ids
        }
        #expect(ids.count == 200)
        let stats = log.commitStatistics
        #expect(stats.rows == 200)
        #expect(stats.batches <= 200)
        log.close()

        let reopened = try AuditLog.open(dataDirectory: dir.url)
        defer { reopened.close() }
        for id in ids { #expect(try await reopened.record(decisionID: id) != nil) }
        let next = try await reopened.append(Drafts.make(prompt: "after reopen"))
        #expect(next.sequence == 201)
        #expect(try await reopened.verify().isIntact)
    }

    @Test("a duplicate decision id fails only its own append")
    func duplicateDecisionID() async throws {
        let dir = try TemporaryDataDirectory()
        defer { dir.remove() }
        let log = try AuditLog.open(dataDirectory: dir.url)
        defer { log.close() }
        let first = Drafts.make(prompt: "one")
        _ = try await log.append(first)
        var again = Drafts.make(prompt: "two")
        again.decisionID = first.decisionID
        await #expect {
            _ = try await log.append(again)
        } throws: { error in
            guard case let .storage(_, underlying)? = error as? AuditError else { return false }
            return underlying.contains("unique")
        }
        let ok = try await log.append(Drafts.make(prompt: "three"))
        #expect(ok.sequence == 2)
        #expect(try await log.verify().isIntact)
    }

    @Test("append after close is refused with a typed error")
    func appendAfterClose() async throws {
        let dir = try TemporaryDataDirectory()
        defer { dir.remove() }
        let log = try AuditLog.open(dataDirectory: dir.url)
        log.close()
        await #expect(throws: AuditError.closed(path: dir.databasePath)) {
            _ = try await log.append(Drafts.make(prompt: "late"))
        }
    }
}
