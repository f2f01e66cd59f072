import Dispatch
import Foundation

/// `warden bench screening`: the latency of screening one prompt end to end (normalise, lexicons,
/// MiniLM, classifier heads, exemplar similarities and the policy), one prompt at a time, as a
/// client sees it; p50, p90 and p99 over a prompt list.
public struct ScreeningBenchmark: Sendable {
    public struct Report: Codable, Sendable, Equatable {
        public var prompts: Int
        public var p50Ms: Double
        public var p90Ms: Double
        public var p99Ms: Double
        public var meanMs: Double
        public var maxMs: Double
        /// Mean time per step, milliseconds.
        public var meanNormalizeAndMatchMs: Double
        public var meanEncodeMs: Double
        public var meanClassifyMs: Double
        public var meanPolicyMs: Double

        public var table: String {
            String(format: """
                prompt screening, one prompt at a time, %d prompts:
                  p50 %.2f ms   p90 %.2f ms   p99 %.2f ms   mean %.2f ms   max %.2f ms
                  mean per step: normalise+lexicons %.3f ms, MiniLM %.2f ms, classifier %.3f ms, policy %.3f ms
                """, prompts, p50Ms, p90Ms, p99Ms, meanMs, maxMs, meanNormalizeAndMatchMs, meanEncodeMs,
                   meanClassifyMs, meanPolicyMs)
        }
    }

    public let moderator: PromptModerator

    public init(moderator: PromptModerator) { self.moderator = moderator }

    /// Screens each prompt alone (after one warm-up pass over the first ten) and reports
    /// wall-clock percentiles.
    public func run(prompts: [String]) throws -> Report {
        for prompt in prompts.prefix(10) { _ = try moderator.moderate([prompt], context: .commandLine(route: "bench")) }
        var totals: [Double] = []
        var steps = [0.0, 0.0, 0.0, 0.0]
        for prompt in prompts {
            let start = DispatchTime.now().uptimeNanoseconds
            let result = try moderator.moderate([prompt], context: .commandLine(route: "bench"))[0]
            totals.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
            steps[0] += result.screening.latency.normalizeAndMatchMs
            steps[1] += result.screening.latency.encodeMs
            steps[2] += result.screening.latency.classifyMs
            steps[3] += result.policyMs
        }
        let sorted = totals.sorted()
        func percentile(_ p: Double) -> Double {
            sorted.isEmpty ? 0 : sorted[min(sorted.count - 1, Int((p * Double(sorted.count - 1)).rounded()))]
        }
        let n = Double(max(1, prompts.count))
        return Report(prompts: prompts.count, p50Ms: percentile(0.5), p90Ms: percentile(0.9), p99Ms: percentile(0.99),
                      meanMs: totals.reduce(0, +) / n, maxMs: sorted.last ?? 0,
                      meanNormalizeAndMatchMs: steps[0] / n, meanEncodeMs: steps[1] / n,
                      meanClassifyMs: steps[2] / n, meanPolicyMs: steps[3] / n)
    }
}
