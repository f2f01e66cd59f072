import Foundation
import Testing
@testable import Gateway

@Suite("Gateway metrics")
struct GatewayMetricsTests {
    @Test("counters, cumulative histogram buckets and the queue gauge render as Prometheus text")
    func render() {
        let metrics = GatewayMetrics()
        metrics.recordRequest(route: "POST /v1/moderations", decision: "block", status: 200)
        metrics.recordRequest(route: "POST /v1/moderations", decision: "block", status: 200)
        metrics.recordRequest(route: "GET /v1/x\"y", decision: "none", status: 404)
        metrics.observe(stage: "encoder", milliseconds: 3)
        metrics.observe(stage: "encoder", milliseconds: 40)
        metrics.observe(stage: "encoder", milliseconds: .nan)
        metrics.setQueueDepth(2)
        let text = metrics.render()
        #expect(text.contains(#"warden_requests_total{route="POST /v1/moderations",decision="block",status="200"} 2"#))
        #expect(text.contains(#"warden_requests_total{route="GET /v1/x\"y",decision="none",status="404"} 1"#))
        #expect(text.contains(#"warden_stage_duration_milliseconds_bucket{stage="encoder",le="2.5"} 0"#))
        #expect(text.contains(#"warden_stage_duration_milliseconds_bucket{stage="encoder",le="5"} 1"#))
        #expect(text.contains(#"warden_stage_duration_milliseconds_bucket{stage="encoder",le="50"} 2"#))
        #expect(text.contains(#"warden_stage_duration_milliseconds_bucket{stage="encoder",le="+Inf"} 2"#))
        #expect(text.contains(#"warden_stage_duration_milliseconds_sum{stage="encoder"} 43.0"#))
        #expect(text.contains("warden_generation_queue_depth 2"))
        #expect(text.hasSuffix("\n"))
    }

    @Test("the router counts every answer by route pattern, decision header and status")
    func routerCounts() async throws {
        let gateway = try await TestGateway.make()
        defer { gateway.close() }
        _ = await gateway.send(.get, "/v1/admin/audit/\(UUID().uuidString)", key: gateway.reviewer)
        _ = await gateway.send(.get, "/v1/admin/audit/\(UUID().uuidString)")
        _ = await gateway.send(.get, "/nowhere")
        let metrics = gateway.services.metrics
        #expect(metrics.requestCount(route: "GET /v1/admin/audit/{decision_id}", decision: "none", status: 404) == 1)
        #expect(metrics.requestCount(route: "GET /v1/admin/audit/{decision_id}", decision: "none", status: 401) == 1)
        #expect(metrics.requestCount(route: "unmatched", decision: "none", status: 404) == 1)
        let scrape = await gateway.send(.get, "/metrics")
        #expect(scrape.headers["Content-Type"]?.hasPrefix("text/plain; version=0.0.4") == true)
        #expect(scrape.text.contains(#"warden_request_duration_milliseconds_count{route="GET /v1/admin/audit/{decision_id}"} 2"#))
    }
}
