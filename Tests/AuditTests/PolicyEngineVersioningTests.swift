import Foundation
import Policy
import Testing
@testable import Audit

@Suite("Policy engine records versions in the audit store")
struct PolicyEngineVersioningTests {
    static func policy(version: String, threshold: String) -> String {
        """
        id: versioned
        version: "\(version)"
        default_action: allow
        rules:
          - id: violence-block
            kind: category
            category: violence
            threshold: \(threshold)
            action: block
            explanation: Violence is not generated here.
        """
    }

    @Test("an accepted edit is stored before it runs; an invalid edit is neither stored nor run")
    func swapRecords() async throws {
        let dir = try TemporaryDataDirectory()
        defer { dir.remove() }
        let store = try PolicyVersionStore(dataDirectory: dir.url)
        let engine = PolicyEngine(initial: try PolicyCompiler.compile(text: Self.policy(version: "1", threshold: "0.5"),
                                                                      source: "v1"),
                                  versionStore: store)
        try await engine.swap(toText: Self.policy(version: "2", threshold: "0.9"), author: "key-alice", comment: "laxer")
        #expect(engine.current.version == "2")
        let latest = try #require(try await store.latest(policyID: "versioned"))
        #expect(latest.version == "2")
        #expect(latest.authorKeyID == "key-alice")
        #expect(latest.sha256 == engine.current.sha256)

        await #expect(throws: PolicyError.self) {
            try await engine.swap(toText: Self.policy(version: "3", threshold: "1.5"), author: "key-bob")
        }
        #expect(engine.current.version == "2")
        #expect(try await store.list(policyID: "versioned").count == 1)
    }
}
