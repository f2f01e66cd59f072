import Foundation

/// Measures decision throughput of a compiled policy on a set of inputs (the figures
/// `warden policy bench` prints). Single-threaded: one evaluation at a time, inputs in turn.
public struct PolicyBenchmark: Sendable {
    /// Decisions made.
    public var decisions: Int
    /// Wall time spent, in seconds.
    public var seconds: Double
    /// Number of rules in the policy.
    public var rules: Int
    /// Number of distinct inputs cycled through.
    public var inputs: Int

    /// Decisions per second.
    public var decisionsPerSecond: Double { seconds > 0 ? Double(decisions) / seconds : 0 }
    /// Mean microseconds per decision.
    public var microsecondsPerDecision: Double { decisions > 0 ? seconds * 1_000_000 / Double(decisions) : 0 }

    /// Evaluates `inputs` in turn for at least `seconds` (and at least once each).
    public static func measure(policy: CompiledPolicy, inputs: [PolicyInput], seconds: Double) -> PolicyBenchmark {
        guard !inputs.isEmpty else { return PolicyBenchmark(decisions: 0, seconds: 0, rules: policy.rules.count, inputs: 0) }
        let clock = ContinuousClock()
        let start = clock.now
        var decisions = 0
        var blocked = 0
        repeat {
            for input in inputs {
                if policy.evaluate(input).action == .block { blocked += 1 }
                decisions += 1
            }
        } while (clock.now - start) < .seconds(seconds)
        let elapsed = clock.now - start
        let total = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        // `blocked` keeps the evaluations observable so the optimiser cannot drop them.
        return PolicyBenchmark(decisions: decisions + (blocked < 0 ? 1 : 0), seconds: total,
                               rules: policy.rules.count, inputs: inputs.count)
    }

    /// A one-line summary.
    public var summary: String {
        String(format: "%d rules, %d inputs: %d decisions in %.2f s = %.0f decisions/s (%.1f us each, 1 thread)",
               rules, inputs, decisions, seconds, decisionsPerSecond, microsecondsPerDecision)
    }
}
