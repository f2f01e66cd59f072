import Audit
import Foundation
import Testing

@Suite("Policy version store")
struct PolicyVersionStoreTests {
    @Test("versions are numbered per policy, listed, fetched, and the latest is the newest")
    func storeListLatest() async throws {
        let dir = try TemporaryDataDirectory()
        defer { dir.remove() }
        let store = try PolicyVersionStore(dataDirectory: dir.url)
        let v1 = try await store.store(policyID: "default", version: "1", text: "rules: a", authorKeyID: "alice", comment: "first")
        let v2 = try await store.store(policyID: "default", version: "2", text: "rules: b", authorKeyID: "bob", comment: "second")
        let other = try await store.store(policyID: "strict", version: "1", text: "rules: s", authorKeyID: nil, comment: "")
        #expect(v1.revision == 1)
        #expect(v2.revision == 2)
        #expect(other.revision == 1)
        #expect(v1.sha256 == AuditChain.sha256Hex(Data("rules: a".utf8)))
        #expect(try await store.list(policyID: "default").map(\.revision) == [1, 2])
        #expect(try await store.latest(policyID: "default") == v2)
        #expect(try await store.get(policyID: "default", revision: 1) == v1)
        #expect(try await store.version(sha256: v1.sha256) == v1)
        #expect(try await store.latest(policyID: "none") == nil)
        await #expect(throws: AuditError.policyVersionNotFound(policyID: "default", identifier: "revision 9")) {
            _ = try await store.get(policyID: "default", revision: 9)
        }
    }

    @Test("rollback stores the older text as a new revision and keeps history")
    func rollback() async throws {
        let dir = try TemporaryDataDirectory()
        defer { dir.remove() }
        let store = try PolicyVersionStore(dataDirectory: dir.url)
        let v1 = try await store.store(policyID: "default", version: "1", text: "rules: a", authorKeyID: "alice", comment: "first")
        _ = try await store.store(policyID: "default", version: "2", text: "rules: b", authorKeyID: "alice", comment: "second")
        let v3 = try await store.rollback(policyID: "default", toRevision: 1, authorKeyID: "carol", comment: "b was too strict")
        #expect(v3.revision == 3)
        #expect(v3.text == v1.text)
        #expect(v3.sha256 == v1.sha256)
        #expect(v3.authorKeyID == "carol")
        #expect(v3.comment == "rollback to revision 1: b was too strict")
        #expect(try await store.list(policyID: "default").count == 3)

        // Survives reopening, next to an audit log in the same file.
        let log = try AuditLog.open(dataDirectory: dir.url)
        defer { log.close() }
        _ = try await log.append(Drafts.make(prompt: "x"))
        let reopened = try PolicyVersionStore(dataDirectory: dir.url)
        #expect(try await reopened.latest(policyID: "default") == v3)
    }
}
