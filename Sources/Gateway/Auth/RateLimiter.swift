import Dispatch
import Foundation

/// Per-key token buckets: each key may make `burst` requests at once and then
/// `requestsPerSecond` on average. A request that finds the bucket empty is refused with the
/// seconds until a token is back (the route answers 429 with `Retry-After`).
public final class RateLimiter: @unchecked Sendable {
    // @unchecked: `buckets` is read and written only under `lock`.

    /// One bucket's refill rate and size.
    public struct Rate: Sendable, Equatable {
        /// Tokens added per second (0 disables the limit).
        public var requestsPerSecond: Double
        /// Bucket size: requests allowed at once after a quiet spell.
        public var burst: Double

        public init(requestsPerSecond: Double, burst: Double) {
            self.requestsPerSecond = requestsPerSecond
            self.burst = burst
        }

        /// Parses `RPS:BURST` ("50:200"), as `warden serve --role-rate-limit` takes it.
        public init(parsing text: String) throws(GatewayError) {
            let parts = text.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count == 2, let rate = Double(parts[0]), let burst = Double(parts[1]),
                  rate >= 0, burst >= 0, rate.isFinite, burst.isFinite else {
                throw .invalidParameter(name: "rate limit", reason: "'\(text)' is not RPS:BURST (two numbers >= 0, e.g. 50:200)")
            }
            self.init(requestsPerSecond: rate, burst: burst)
        }

        /// Whether limiting is on.
        public var isEnabled: Bool { requestsPerSecond > 0 && burst >= 1 }
    }

    /// The bucket of every key: the default rate, or, for a key holding roles with their own
    /// rate, the most generous of those.
    public struct Configuration: Sendable, Equatable {
        /// Tokens added per second to a key without a per-role rate (0 disables the limit).
        public var requestsPerSecond: Double
        /// Bucket size of a key without a per-role rate.
        public var burst: Double
        /// Rates for keys holding these roles.
        public var perRole: [Role: Rate]

        /// Generous defaults: 20 requests per second per key, bursts of 100, for every role.
        public init(requestsPerSecond: Double = 20, burst: Double = 100, perRole: [Role: Rate] = [:]) {
            self.requestsPerSecond = requestsPerSecond
            self.burst = burst
            self.perRole = perRole
        }

        /// Whether limiting is on for keys without a per-role rate.
        public var isEnabled: Bool { Rate(requestsPerSecond: requestsPerSecond, burst: burst).isEnabled }

        /// The rate of a key holding `roles`: a disabled per-role rate wins, then the highest rate.
        public func rate(for roles: [Role]) -> Rate {
            let overrides = roles.compactMap { perRole[$0] }
            guard !overrides.isEmpty else { return Rate(requestsPerSecond: requestsPerSecond, burst: burst) }
            if let unlimited = overrides.first(where: { !$0.isEnabled }) { return unlimited }
            return overrides.max { ($0.requestsPerSecond, $0.burst) < ($1.requestsPerSecond, $1.burst) } ?? overrides[0]
        }
    }

    /// The answer for one request.
    public enum Decision: Sendable, Equatable {
        case allowed(remaining: Int)
        /// Refused; whole seconds until a token is available (at least 1).
        case limited(retryAfterSeconds: Int)
    }

    struct Bucket {
        var tokens: Double
        var updated: Double
    }

    public let configuration: Configuration
    private let clock: @Sendable () -> Double
    private let lock = NSLock()
    private var buckets: [String: Bucket] = [:]

    /// `clock` returns seconds on a monotonic scale (tests pass their own).
    public init(configuration: Configuration = Configuration(),
                clock: @escaping @Sendable () -> Double = { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }) {
        self.configuration = configuration
        self.clock = clock
    }

    /// Takes one token from `key`'s bucket (sized for a key holding `roles`).
    public func take(key: String, roles: [Role] = []) -> Decision {
        let rate = configuration.rate(for: roles)
        guard rate.isEnabled else { return .allowed(remaining: Int.max) }
        let now = clock()
        return lock.withLock {
            var bucket = buckets[key] ?? Bucket(tokens: rate.burst, updated: now)
            bucket.tokens = min(rate.burst, bucket.tokens + max(0, now - bucket.updated) * rate.requestsPerSecond)
            bucket.updated = now
            defer { buckets[key] = bucket }
            guard bucket.tokens >= 1 else {
                let wait = (1 - bucket.tokens) / rate.requestsPerSecond
                return .limited(retryAfterSeconds: max(1, Int(wait.rounded(.up))))
            }
            bucket.tokens -= 1
            return .allowed(remaining: Int(bucket.tokens))
        }
    }
}
