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

    @Test("a benign prompt is generated, every output screened by both image models and logged with its scores",
          .enabled(if: imageModelsPresent, "the image models' weights are not in Models/"))
    func screenedEndToEnd() async throws {
        let screen = try Self.screen.get()
        let fixture = try await GenerationFixture.make(generator: GuardedGenerationModelTests.generator, screen: .success(screen))
        defer { fixture.close() }
        let response = await fixture.post("/v1/images/generations",
                                          json: #"{"prompt":"a red apple in the middle on a blue background","seed":2,"steps":3,"n":2}"#)
        #expect(response.status == 200)
        let decisions = try #require(response.warden?["decisions"] as? [[String: Any]])
        let outputs = decisions.filter { $0["stage"] as? String == "output_image" }
        #expect(outputs.count == 2)
        for output in outputs {
            let scores = try #require(output["category_scores"] as? [String: Double])
            let nudity = try #require(scores["nudity"])
            #expect((0...1).contains(nudity))
            // Every image concept of the default policy was scored.
            for concept in try GenerationFixture.moderator.get().engine.current.imageConcepts { #expect(scores[concept] != nil) }
        }
        let page = try await fixture.audit.query(.init(stage: "output_image", limit: 10))
        #expect(page.records.count == 2)
        #expect(page.records.allSatisfy { $0.draft.stages.contains { $0.stage == "image_screen" && $0.scores["nudity"] != nil } })
    }
}
