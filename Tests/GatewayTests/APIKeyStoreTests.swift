import Foundation
import Testing
@testable import Gateway

@Suite("API keys")
struct APIKeyStoreTests {
    static func directory() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("warden-keys-\(UUID().uuidString)")
    }

    @Test("a new key has the wk_ format, is stored only as its SHA-256, and authenticates until revoked")
    func lifecycle() async throws {
        let dir = Self.directory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try APIKeyStore(dataDirectory: dir)
        let issued = try await store.create(roles: [.client, .reviewer], name: "app", tenant: "acme")
        #expect(issued.secret.hasPrefix("wk_"))
        #expect(issued.secret.count == 46)
        #expect(APIKeySecret.isWellFormed(issued.secret))
        #expect(issued.record.roles == [.client, .reviewer])
        let found = try #require(try await store.authenticate(secret: issued.secret))
        #expect(found.id == issued.record.id && found.tenant == "acme")
        // The file holds the hash and not the key.
        let bytes = try Data(contentsOf: URL(fileURLWithPath: store.path))
            + ((try? Data(contentsOf: URL(fileURLWithPath: store.path + "-wal"))) ?? Data())
        #expect(bytes.range(of: Data(issued.secret.utf8)) == nil)
        #expect(bytes.range(of: Data(APIKeySecret.hash(issued.secret).utf8)) != nil)
        try await store.revoke(id: issued.record.id)
        #expect(try await store.authenticate(secret: issued.secret) == nil)
        let listed = try await store.list()
        #expect(listed.count == 1 && listed[0].isRevoked)
        // A second connection (another process's `warden keys revoke`) sees the same state.
        #expect(try await APIKeyStore(dataDirectory: dir).authenticate(secret: issued.secret) == nil)
        await #expect(throws: GatewayError.keyNotFound(id: "key_nope")) { try await store.revoke(id: "key_nope") }
    }

    @Test("the admin key is created once, on a store that never held a key, with all roles")
    func bootstrap() async throws {
        let dir = Self.directory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try APIKeyStore(dataDirectory: dir)
        let admin = try #require(try await store.bootstrapAdminKey())
        #expect(admin.record.roles == Role.allCases)
        #expect(try await store.bootstrapAdminKey() == nil)
        try await store.revoke(id: admin.record.id)
        #expect(try await APIKeyStore(dataDirectory: dir).bootstrapAdminKey() == nil)
    }

    @Test("malformed keys are refused before any lookup", arguments: [
        "", "wk_", "wk_short", "sk-" + String(repeating: "a", count: 40), "wk_" + String(repeating: "a", count: 31),
        "wk_" + String(repeating: "a", count: 31) + "!", "wk_" + String(repeating: "é", count: 40),
        "wk_" + String(repeating: "a", count: 300),
    ])
    func malformed(key: String) {
        #expect(!APIKeySecret.isWellFormed(key))
    }

    @Test("roles parse by their API names; others are a typed error")
    func roles() throws {
        #expect(try Role(name: "policy-admin") == .policyAdmin)
        #expect(try Role(name: "Client") == .client)
        #expect(throws: GatewayError.self) { try Role(name: "root") }
    }

    @Test("the bearer token is read case-insensitively; other schemes are not tokens")
    func bearer() {
        #expect(AccessControl.bearerToken("Bearer wk_abc") == "wk_abc")
        #expect(AccessControl.bearerToken("bearer   wk_abc ") == "wk_abc")
        #expect(AccessControl.bearerToken("Basic dXNlcjpwYXNz") == nil)
        #expect(AccessControl.bearerToken("Bearer") == nil)
        #expect(AccessControl.bearerToken(nil) == nil)
    }
}

@Suite("Rate limiter")
struct RateLimiterTests {
    final class ManualClock: @unchecked Sendable {
        private let lock = NSLock()
        private var seconds = 0.0
        func advance(_ by: Double) { lock.withLock { seconds += by } }
        var now: Double { lock.withLock { seconds } }
    }

    @Test("a key gets its burst, then 429-style refusals with the seconds until a token is back, per key")
    func bucket() {
        let clock = ManualClock()
        let limiter = RateLimiter(configuration: .init(requestsPerSecond: 0.5, burst: 3), clock: { clock.now })
        for i in 0..<3 { #expect(limiter.take(key: "a") == .allowed(remaining: 2 - i)) }
        #expect(limiter.take(key: "a") == .limited(retryAfterSeconds: 2))
        #expect(limiter.take(key: "b") == .allowed(remaining: 2))
        clock.advance(1)
        #expect(limiter.take(key: "a") == .limited(retryAfterSeconds: 1))
        clock.advance(1)
        #expect(limiter.take(key: "a") == .allowed(remaining: 0))
        clock.advance(100)
        #expect(limiter.take(key: "a") == .allowed(remaining: 2))
    }

    @Test("a key holding roles with their own rate gets the most generous of them; others the default")
    func perRole() throws {
        let clock = ManualClock()
        let configuration = RateLimiter.Configuration(
            requestsPerSecond: 1, burst: 1,
            perRole: [.reviewer: try RateLimiter.Rate(parsing: "5:3"), .policyAdmin: try RateLimiter.Rate(parsing: "2:10")])
        #expect(configuration.rate(for: [.client]) == .init(requestsPerSecond: 1, burst: 1))
        #expect(configuration.rate(for: [.client, .reviewer, .policyAdmin]) == .init(requestsPerSecond: 5, burst: 3))
        let limiter = RateLimiter(configuration: configuration, clock: { clock.now })
        #expect(limiter.take(key: "client", roles: [.client]) == .allowed(remaining: 0))
        #expect(limiter.take(key: "client", roles: [.client]) == .limited(retryAfterSeconds: 1))
        for i in 0..<10 { #expect(limiter.take(key: "admin", roles: [.policyAdmin]) == .allowed(remaining: 9 - i)) }
        #expect(limiter.take(key: "admin", roles: [.policyAdmin]) == .limited(retryAfterSeconds: 1))
        #expect(throws: GatewayError.self) { try RateLimiter.Rate(parsing: "fast") }
        #expect(throws: GatewayError.self) { try RateLimiter.Rate(parsing: "-1:5") }
    }

    @Test("a zero rate disables limiting")
    func disabled() {
        let limiter = RateLimiter(configuration: .init(requestsPerSecond: 0, burst: 0))
        for _ in 0..<1000 { #expect(limiter.take(key: "a") == .allowed(remaining: Int.max)) }
    }
}
