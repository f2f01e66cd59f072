import Foundation
import Synchronization

/// Figures of one `AuditBenchmark.measure` run.
public struct AuditBenchmarkReport: Sendable, Equatable {
    public var decisions: Int
    public var appenders: Int
    public var seconds: Double
    /// Durable decisions per second (each `append` returned after its commit's fsync).
    public var decisionsPerSecond: Double
    /// Transactions committed, and rows per transaction on average.
    public var transactions: Int
    public var averageBatch: Double
    /// Append latency percentiles in milliseconds.
    public var p50Milliseconds: Double
    public var p99Milliseconds: Double

    /// A few lines for the terminal.
    public var table: String {
        """
        audit group commit (WAL, synchronous=FULL): \(appenders) concurrent appenders, \(decisions) decisions
          durable decisions/s   \(String(format: "%.0f", decisionsPerSecond))
          transactions          \(transactions)
          average batch         \(String(format: "%.1f", averageBatch)) rows/commit
          append latency p50    \(String(format: "%.2f", p50Milliseconds)) ms
          append latency p99    \(String(format: "%.2f", p99Milliseconds)) ms
          wall time             \(String(format: "%.2f", seconds)) s
        """
    }
}

/// `warden bench audit`: appends synthetic decisions from N concurrent tasks to a fresh log
/// and measures durable throughput and batch size.
public enum AuditBenchmark {
    /// Runs the benchmark in a fresh directory `scratch` (created; the caller removes it).
    public static func measure(scratch: URL, appenders: Int, decisions: Int) async throws -> AuditBenchmarkReport {
        let log = try AuditLog.open(dataDirectory: scratch)
        defer { log.close() }
        // Warm up (schema pages, statement caches) outside the timed window.
        try await AuditLoad.run(log: log, count: min(200, decisions), concurrency: appenders) { _, _ in }
        let before = log.commitStatistics
        let latencies = Mutex<[Double]>([])
        let start = ContinuousClock.now
        try await AuditLoad.run(log: log, count: decisions, concurrency: appenders) { _, latency in
            let ms = Double(latency.components.seconds) * 1_000 + Double(latency.components.attoseconds) / 1e15
            latencies.withLock { $0.append(ms) }
        }
        let elapsed = ContinuousClock.now - start
        let after = log.commitStatistics
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let sorted = latencies.withLock { $0.sorted() }
        func percentile(_ p: Double) -> Double {
            sorted.isEmpty ? 0 : sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))]
        }
        let transactions = after.batches - before.batches
        return AuditBenchmarkReport(
            decisions: decisions, appenders: appenders, seconds: seconds,
            decisionsPerSecond: seconds > 0 ? Double(decisions) / seconds : 0, transactions: transactions,
            averageBatch: transactions > 0 ? Double(after.rows - before.rows) / Double(transactions) : 0,
            p50Milliseconds: percentile(0.5), p99Milliseconds: percentile(0.99))
    }
}
