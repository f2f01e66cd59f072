import Dispatch
import Foundation

/// Per-key token buckets: each key may make `burst` requests at once and then
/// `requestsPerSecond` on average. A request that finds the bucket empty is refused with the
/// seconds until a token is back (the route answers 429 with `Retry-After`).
public final class RateLimiter: @unchecked Sendable {
    // @unchecked: `buckets` is read and written only under `lock`.

    /// The bucket of every key.
    public struct Configuration: Sendable, Equatable {
        /// Tokens added per second (0 disables the limit).
        public var requestsPerSecond: Double
        /// Bucket size: requests allowed at once after a quiet spell.
        public var burst: Double

        /// Generous defaults: 20 requests per second per key, bursts of 100.
        public init(requestsPerSecond: Double = 20, burst: Double = 100) {
            self.requestsPerSecond = requestsPerSecond
            self.burst = burst
        }

        /// Whether limiting is on.
        public var isEnabled: Bool { requestsPerSecond > 0 && burst >= 1 }
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

    /// Takes one token from `key`'s bucket.
    public func take(key: String) -> Decision {
        guard configuration.isEnabled else { return .allowed(remaining: Int.max) }
        let now = clock()
        return lock.withLock {
            var bucket = buckets[key] ?? Bucket(tokens: configuration.burst, updated: now)
            bucket.tokens = min(configuration.burst,
                                bucket.tokens + max(0, now - bucket.updated) * configuration.requestsPerSecond)
            bucket.updated = now
            defer { buckets[key] = bucket }
            guard bucket.tokens >= 1 else {
                let wait = (1 - bucket.tokens) / configuration.requestsPerSecond
                return .limited(retryAfterSeconds: max(1, Int(wait.rounded(.up))))
            }
            bucket.tokens -= 1
            return .allowed(remaining: Int(bucket.tokens))
        }
    }
}
