import Foundation
import Imaging
import Testing
@testable import Gateway

/// The guarded pipeline end to end with the repository's real reduced models: prompt screening
/// (MiniLM + heads), the default policy, the diffusion cascade conditioned on the screening's
/// own encoding, and the audit log. Few denoising steps, 64x64, to stay fast in release.
/// Image screening here is the colour-rule screen until the image models are on this branch.
@Suite("Guarded generation with the real generator")
struct GuardedGenerationModelTests {
    static let generator = GuardedGeneration.loadGenerator(paths: GenerationFixture.paths)

    @Test("same seed, same PNG; the images are 64x64 and every decision is logged")
    func deterministic() async throws {
        let fixture = try await GenerationFixture.make(generator: Self.generator)
        defer { fixture.close() }
        let body = #"{"prompt":"a red apple on a blue background, lit from the right","seed":5,"steps":3,"n":2}"#
        let first = await fixture.post("/v1/images/generations", json: body)
        let second = await fixture.post("/v1/images/generations", json: body)
        #expect(first.status == 200 && second.status == 200)
        let a = try #require(first.object?["data"] as? [[String: Any]]).compactMap { $0["b64_json"] as? String }
        let b = try #require(second.object?["data"] as? [[String: Any]]).compactMap { $0["b64_json"] as? String }
        #expect(a.count == 2 && a == b)
        #expect(a[0] != a[1])   // image i uses seed + i
        let image = try PNGCodec.decode(try #require(Data(base64Encoded: a[0])))
        #expect(image.width == 64 && image.height == 64)
        #expect(try await fixture.audit.verify().rowsChecked == 6)
    }

    @Test("an edit keeps every unmasked pixel exactly")
    func editKeepsPixels() async throws {
        let fixture = try await GenerationFixture.make(generator: Self.generator)
        defer { fixture.close() }
        var source = try RGBAImage(width: 64, height: 64, fill: (20, 40, 160, 255))
        for y in 0..<64 { for x in 0..<64 { source.pixels[source.offset(x: x, y: y)] = UInt8(x * 4) } }
        var form = MultipartBody()
        form.field("prompt", "a yellow sun in the middle")
        form.field("steps", "3")
        form.field("seed", "9")
        form.file("image", try PNGCodec.encode(source))
        form.file("mask", filename: "mask.png", try solidPNG(size: 64, (0, 0, 0), hole: true))
        let response = await fixture.postForm("/v1/images/edits", form.finished())
        #expect(response.status == 200)
        let text = try #require((response.object?["data"] as? [[String: Any]])?.first?["b64_json"] as? String)
        let edited = try PNGCodec.decode(try #require(Data(base64Encoded: text)))
        var kept = 0, total = 0
        for y in 0..<64 { for x in 0..<64 where !(16..<48).contains(x) || !(16..<48).contains(y) {
            total += 1
            if edited.pixel(x: x, y: y) == source.pixel(x: x, y: y) { kept += 1 }
        } }
        #expect(kept == total)
    }

    @Test("a prompt over the generator's 77 tokens is generated from its cut conditioning")
    func longPrompt() async throws {
        let fixture = try await GenerationFixture.make(generator: Self.generator)
        defer { fixture.close() }
        let prompt = Array(repeating: "a small green tree beside a wooden fence", count: 20).joined(separator: ", ")
        let response = await fixture.post("/v1/images/generations", json: "{\"prompt\":\"\(prompt)\",\"steps\":2}")
        #expect(response.status == 200)
    }

    @Test("cancelling through the real progress callback stops the generator at the next step (499)")
    func cancels() async throws {
        // The client "disconnects" at the generator's first step: no timing involved.
        let cancellation = RequestCancellation()
        let real = try Self.generator.get()
        let generator = CancellingGenerator(wrapped: real, cancellation: cancellation)
        let fixture = try await GenerationFixture.make(generator: .success(generator))
        defer { fixture.close() }
        let response = await fixture.post("/v1/images/generations", json: #"{"prompt":"a blue cube","steps":100,"n":4}"#,
                                          cancellation: cancellation)
        #expect(response.status == 499)
        // Step 1 reported the cancellation; the diffusion loop stopped there (of 400 steps).
        #expect(generator.steps == 1)
        #expect(try await fixture.audit.verify().rowsChecked == 1)   // the prompt's decision only
    }
}

/// Wraps a generator and cancels the request when the first step is reported.
final class CancellingGenerator: ImageGenerator, @unchecked Sendable {
    // @unchecked: `count` only under `lock`.
    private let lock = NSLock()
    private var count = 0
    let wrapped: any ImageGenerator
    let cancellation: RequestCancellation
    init(wrapped: any ImageGenerator, cancellation: RequestCancellation) {
        self.wrapped = wrapped
        self.cancellation = cancellation
    }
    var defaultSteps: Int { wrapped.defaultSteps }
    var defaultGuidance: Float { wrapped.defaultGuidance }
    var steps: Int { lock.lock(); defer { lock.unlock() }; return count }

    func generate(_ job: GenerationJob, progress: @Sendable (GenerationStep) -> Bool) throws -> [RGBAImage] {
        try wrapped.generate(job) { step in
            lock.lock(); count += 1; lock.unlock()
            cancellation.cancel()
            return progress(step)
        }
    }
}
