import Foundation
import Imaging
import Testing
@testable import Gateway

/// The whole guarded path with every real model: prompt screening, the diffusion cascade, and
/// image screening by open_nsfw and the concept encoder (skipped, saying so, when the image
/// models' weights are not in Models/).
@Suite("Guarded generation with every real model")
struct GuardedGenerationScreenedTests {
    static let screen = GenerationFixture.moderator.flatMap { moderator in
        GuardedGeneration.loadImageScreen(paths: GenerationFixture.paths, moderator: moderator).mapError { $0 as any Error }
    }
    static var imageModelsPresent: Bool {
        let models = GenerationFixture.paths.models
        return ["nudity/model.safetensors", "concept-encoder/model.safetensors"].allSatisfy {
            FileManager.default.fileExists(atPath: models.appendingPathComponent($0).path)
        }
    }

    @Test("a benign prompt is generated and every output screened by both image models, decided and logged",
          .enabled(if: imageModelsPresent, "the image models' weights are not in Models/"))
    func screenedEndToEnd() async throws {
        let screen = try Self.screen.get()
        let fixture = try await GenerationFixture.make(generator: GuardedGenerationModelTests.generator, screen: .success(screen))
        defer { fixture.close() }
        let response = await fixture.post("/v1/images/generations",
                                          json: #"{"prompt":"a red apple in the middle on a blue background","seed":2,"steps":3,"n":2}"#)
        // The reduced models decide as they decide (outputs may be held for review); what must
        // hold is that both images were screened by both models, decided and logged first.
        #expect([200, 202, 400].contains(response.status))
        let page = try await fixture.audit.query(.init(stage: "output_image", limit: 10))
        #expect(page.records.count == 2)
        let concepts = try GenerationFixture.moderator.get().engine.current.imageConcepts
        for record in page.records {
            let screen = try #require(record.draft.stages.first { $0.stage == "image_screen" })
            let nudity = try #require(screen.scores["nudity"])
            #expect((0...1).contains(nudity))
            for concept in concepts { #expect(screen.scores[concept] != nil, "\(concept)") }
        }
        if response.status == 200 {
            #expect((response.object?["data"] as? [Any])?.count == 2)
        } else {
            // Held or refused at the output stage: no image is in the answer.
            #expect(response.warden?["stage"] as? String == "output_image")
            #expect(!String(decoding: response.body, as: UTF8.self).contains("b64_json"))
        }
    }
}
