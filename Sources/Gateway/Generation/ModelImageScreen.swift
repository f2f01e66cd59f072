import Dispatch
import Foundation
import Imaging
import Screening
import TextEncoder

/// Image screening with the project's two image models: open_nsfw (`NudityClassifier`, from
/// `Models/nudity`) for the nudity score and the concept encoder (`ConceptScreen`, from
/// `Models/concept-encoder`, concept texts embedded by the same MiniLM as prompts) for the
/// policy's image concepts. Both must load: without either, image requests fail closed.
public struct ModelImageScreen: ImageSafetyScreen {
    public let nudity: NudityClassifier
    public let concepts: ConceptScreen

    public init(nudity: NudityClassifier, concepts: ConceptScreen) {
        self.nudity = nudity
        self.concepts = concepts
    }

    /// Loads both models from `modelsDirectory` (each checked against its config's sha256).
    public static func load(modelsDirectory: URL, textEncoder: MiniLMEncoder) throws(ScreeningError) -> ModelImageScreen {
        let nudity = try NudityClassifier.load(modelDirectory: modelsDirectory.appendingPathComponent("nudity"))
        let encoder = try ConceptImageEncoder.load(modelDirectory: modelsDirectory.appendingPathComponent("concept-encoder"))
        return ModelImageScreen(nudity: nudity, concepts: ConceptScreen(imageEncoder: encoder, textEncoder: textEncoder))
    }

    public func screen(_ image: RGBAImage, concepts names: [String]) throws -> ImageSafetyReport {
        let start = DispatchTime.now().uptimeNanoseconds
        let nudityScore = try nudity.score(image)
        let scores = names.isEmpty ? [:] : try concepts.scores(image, concepts: names)
        let milliseconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
        return ImageSafetyReport(nudityScore: nudityScore, conceptScores: scores, milliseconds: milliseconds)
    }
}
