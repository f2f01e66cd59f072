import Foundation
import Testing
@testable import Gateway

/// The bounded generation queue behind the image routes: a full queue answers 503 with
/// Retry-After; a client that goes away cancels its queued or running work.
@Suite("Generation queue")
struct GenerationQueueRouteTests {
    /// Waits (up to 60 s: the machine may be busy) until `condition` holds.
    static func waitUntil(_ condition: @Sendable () -> Bool) async throws {
        let deadline = Date().addingTimeInterval(60)
        while !condition(), Date() < deadline { try await Task.sleep(nanoseconds: 5_000_000) }
    }

    @Test("concurrency 1 with no waiting room: a second request gets 503 queue_full and Retry-After")
    func queueFull() async throws {
        let gate = Gate()
        let generator = PaintingGenerator(gate: gate)
        let fixture = try await GenerationFixture.make(generator: .success(generator), queue: GenerationQueue(concurrency: 1, capacity: 0))
        defer { fixture.close() }
        let first = Task { await fixture.post("/v1/images/generations", json: #"{"prompt":"a blue cube"}"#) }
        try await Self.waitUntil { generator.started }
        try #require(generator.started)
        let second = await fixture.post("/v1/images/generations", json: #"{"prompt":"a red ball"}"#)
        gate.release()
        #expect(second.status == 503)
        #expect(second.errorObject?["code"] as? String == "queue_full")
        let retry = try #require(second.headers["Retry-After"].flatMap(Int.init))
        #expect(retry >= 1)
        #expect(await first.value.status == 200)
        #expect(generator.callCount == 1)
    }

    @Test("a running request whose client disconnects stops at the next step (499), nothing is served")
    func cancelsRunning() async throws {
        let generator = PaintingGenerator(gate: Gate())   // never opened: runs until cancelled
        let fixture = try await GenerationFixture.make(generator: .success(generator))
        defer { fixture.close() }
        let cancellation = RequestCancellation()
        let task = Task { await fixture.post("/v1/images/generations", json: #"{"prompt":"a blue cube"}"#,
                                             cancellation: cancellation) }
        try await Self.waitUntil { generator.started }
        try #require(generator.started)
        cancellation.cancel()
        let response = await task.value
        #expect(response.status == 499)
        #expect(response.errorObject?["code"] as? String == "client_closed_request")
        #expect(generator.cancelledCount == 1)
        // Only the prompt decision was logged; no image.
        #expect(try await fixture.audit.verify().rowsChecked == 1)
        #expect(fixture.pipeline.queue.depth == 0)
    }

    @Test("a queued request whose client disconnects leaves the queue without running")
    func cancelsQueued() async throws {
        let gate = Gate()
        let generator = PaintingGenerator(gate: gate)
        let queue = GenerationQueue(concurrency: 1, capacity: 4)
        let fixture = try await GenerationFixture.make(generator: .success(generator), queue: queue)
        defer { fixture.close() }
        let first = Task { await fixture.post("/v1/images/generations", json: #"{"prompt":"a blue cube"}"#) }
        try await Self.waitUntil { generator.started }
        let cancellation = RequestCancellation()
        let queued = Task { await fixture.post("/v1/images/generations", json: #"{"prompt":"a red ball"}"#, cancellation: cancellation) }
        try await Self.waitUntil { queue.depth == 2 }
        #expect(queue.depth == 2)
        cancellation.cancel()
        #expect(await queued.value.status == 499)
        #expect(queue.depth == 1)
        gate.release()
        #expect(await first.value.status == 200)
        #expect(generator.callCount == 1)
    }
}
