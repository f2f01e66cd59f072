import Audit
import Foundation
import Testing

@Suite("Audit image store and retention")
struct AuditImageStoreTests {
    @Test("images are stored by sha256 under images/xx/<sha>.png and read back")
    func storeAndLoad() throws {
        let dir = try TemporaryDataDirectory()
        defer { dir.remove() }
        let log = try AuditLog.open(dataDirectory: dir.url)
        defer { log.close() }
        let bytes = Data("not really a png".utf8)
        let sha = try log.images.store(png: bytes)
        #expect(sha == AuditChain.sha256Hex(bytes))
        let path = dir.url.appendingPathComponent("images/\(sha.prefix(2))/\(sha).png").path
        #expect(FileManager.default.fileExists(atPath: path))
        #expect(log.images.load(sha256: sha) == bytes)
        #expect(try log.images.store(png: bytes) == sha)
    }

    @Test("purge removes images older than the retention; rows keep their hashes")
    func retention() async throws {
        let dir = try TemporaryDataDirectory()
        defer { dir.remove() }
        let log = try AuditLog.open(dataDirectory: dir.url, configuration: AuditConfiguration(imageRetentionDays: 30))
        defer { log.close() }
        let old = try log.images.store(png: Data("old image".utf8))
        let fresh = try log.images.store(png: Data("fresh image".utf8))
        let record = try await log.append(Drafts.make(prompt: "with images", images: [old, fresh]))
        let now = Date()
        try FileManager.default.setAttributes([.modificationDate: now.addingTimeInterval(-31 * 86_400)],
                                              ofItemAtPath: log.images.url(forSHA256: old).path)
        try FileManager.default.setAttributes([.modificationDate: now.addingTimeInterval(-29 * 86_400)],
                                              ofItemAtPath: log.images.url(forSHA256: fresh).path)
        #expect(try log.purgeExpiredImages(now: now) == 1)
        #expect(log.images.load(sha256: old) == nil)
        #expect(log.images.load(sha256: fresh) != nil)
        let stored = try await log.record(decisionID: record.decisionID)
        #expect(stored?.draft.imageHashes == [old, fresh])
        #expect(try await log.verify().isIntact)
    }
}
