import Foundation

/// Counters, latency histograms and the queue-depth gauge of one gateway process, rendered as
/// Prometheus text at `GET /metrics`.
///
///     metrics.recordRequest(route: "POST /v1/moderations", decision: "block", status: 200)
///     metrics.observe(stage: "encoder", milliseconds: 4.2)
///     metrics.setQueueDepth(3)
///
/// The router records every request itself (route pattern, the decision a handler reports in
/// the `X-Warden-Decision` header, status) and its duration; handlers add stage latencies.
public final class GatewayMetrics: @unchecked Sendable {
    // @unchecked: all state is read and written only under `lock`.

    /// Histogram bucket upper bounds in milliseconds (`+Inf` is implied).
    public static let bucketsMilliseconds: [Double] = [1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000,
                                                       10_000, 30_000, 60_000]

    struct RequestKey: Hashable { var route: String; var decision: String; var status: Int }

    struct Histogram {
        var counts = [Int](repeating: 0, count: GatewayMetrics.bucketsMilliseconds.count)
        var count = 0
        var sum = 0.0

        mutating func add(_ value: Double) {
            count += 1
            sum += value
            if let index = GatewayMetrics.bucketsMilliseconds.firstIndex(where: { value <= $0 }) { counts[index] += 1 }
        }
    }

    private let lock = NSLock()
    private var requests: [RequestKey: Int] = [:]
    private var stages: [String: Histogram] = [:]
    private var routeDurations: [String: Histogram] = [:]
    private var queueDepth = 0

    public init() {}

    /// Counts one answered request. `decision` is the policy action ("allow", "block", ...) or
    /// "none" for requests no policy decided.
    public func recordRequest(route: String, decision: String, status: Int) {
        lock.withLock { requests[RequestKey(route: route, decision: decision, status: status), default: 0] += 1 }
    }

    /// Adds one latency observation for a pipeline stage ("encoder", "policy", "generate", ...).
    public func observe(stage: String, milliseconds: Double) {
        guard milliseconds.isFinite else { return }
        lock.withLock { stages[stage, default: Histogram()].add(max(0, milliseconds)) }
    }

    /// Adds one whole-request duration for a route (recorded by the router).
    public func observe(route: String, milliseconds: Double) {
        guard milliseconds.isFinite else { return }
        lock.withLock { routeDurations[route, default: Histogram()].add(max(0, milliseconds)) }
    }

    /// Sets the generation queue's depth (waiting plus running).
    public func setQueueDepth(_ depth: Int) {
        lock.withLock { queueDepth = depth }
    }

    /// How many requests were recorded with these labels (for tests and the console).
    public func requestCount(route: String, decision: String, status: Int) -> Int {
        lock.withLock { requests[RequestKey(route: route, decision: decision, status: status)] ?? 0 }
    }

    /// The Prometheus text exposition (version 0.0.4).
    public func render() -> String {
        let (requests, stages, routes, depth) = lock.withLock { (self.requests, self.stages, self.routeDurations, queueDepth) }
        var lines: [String] = []
        lines.append("# HELP warden_requests_total HTTP requests answered, by route, policy decision and status.")
        lines.append("# TYPE warden_requests_total counter")
        for (key, count) in requests.sorted(by: { ($0.key.route, $0.key.decision, $0.key.status) < ($1.key.route, $1.key.decision, $1.key.status) }) {
            lines.append("warden_requests_total{route=\"\(Self.escape(key.route))\",decision=\"\(Self.escape(key.decision))\",status=\"\(key.status)\"} \(count)")
        }
        Self.render(histograms: stages, name: "warden_stage_duration_milliseconds", label: "stage",
                    help: "Latency of each pipeline stage in milliseconds.", into: &lines)
        Self.render(histograms: routes, name: "warden_request_duration_milliseconds", label: "route",
                    help: "Time from a complete request to its answer, by route, in milliseconds.", into: &lines)
        lines.append("# HELP warden_generation_queue_depth Generation requests waiting or running.")
        lines.append("# TYPE warden_generation_queue_depth gauge")
        lines.append("warden_generation_queue_depth \(depth)")
        return lines.joined(separator: "\n") + "\n"
    }

    /// The `GET /metrics` answer.
    public func response() -> HTTPResponse {
        .text(200, render(), contentType: "text/plain; version=0.0.4; charset=utf-8")
    }

    static func render(histograms: [String: Histogram], name: String, label: String, help: String, into lines: inout [String]) {
        lines.append("# HELP \(name) \(help)")
        lines.append("# TYPE \(name) histogram")
        for (value, histogram) in histograms.sorted(by: { $0.key < $1.key }) {
            let labelText = "\(label)=\"\(escape(value))\""
            var cumulative = 0
            for (bound, count) in zip(bucketsMilliseconds, histogram.counts) {
                cumulative += count
                lines.append("\(name)_bucket{\(labelText),le=\"\(formatBound(bound))\"} \(cumulative)")
            }
            lines.append("\(name)_bucket{\(labelText),le=\"+Inf\"} \(histogram.count)")
            lines.append("\(name)_sum{\(labelText)} \(histogram.sum)")
            lines.append("\(name)_count{\(labelText)} \(histogram.count)")
        }
    }

    static func formatBound(_ bound: Double) -> String {
        bound == bound.rounded() ? String(Int(bound)) : String(bound)
    }

    /// Escapes a label value (backslash, double quote, newline).
    static func escape(_ value: String) -> String {
        value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n")
    }
}
