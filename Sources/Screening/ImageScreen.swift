import Dispatch
import Foundation
import Imaging
import TextEncoder

/// The last gate before a picture leaves Warden, and the first for a picture uploaded to edit:
/// the open_nsfw nudity model and the concept encoder on one image.
///
///     let screen = try ImageScreen.load(modelsDirectory: models, encoder: promptScreen.encoder)
///     let result = try screen.screen(image, concepts: policy.imageConcepts, phrases: policy.imageConceptPhrases)
///     input.nudityScore = result.nudityScore          // PolicyInput, stage .outputImage / .inputImage
///     input.imageConcepts = result.conceptScores
///     input.imageConceptPhrases = result.conceptPhrases   // the phrase that matched, per concept
///
/// Both models are sha256-checked before loading. Concept text embeddings are computed with the
/// MiniLM encoder passed in (the one prompt screening already holds) and cached per concept.
public final class ImageScreen: Sendable {
    public let nudity: NudityClassifier
    public let concepts: ConceptScreen

    public init(nudity: NudityClassifier, concepts: ConceptScreen) {
        self.nudity = nudity
        self.concepts = concepts
    }

    /// Loads `modelsDirectory/nudity` and `modelsDirectory/concept-encoder`.
    public static func load(modelsDirectory: URL, encoder: MiniLMEncoder) throws(ScreeningError) -> ImageScreen {
        let nudity = try NudityClassifier.load(modelDirectory: modelsDirectory.appendingPathComponent("nudity"))
        let conceptEncoder = try ConceptImageEncoder.load(
            modelDirectory: modelsDirectory.appendingPathComponent("concept-encoder"))
        return ImageScreen(nudity: nudity, concepts: ConceptScreen(imageEncoder: conceptEncoder, textEncoder: encoder))
    }

    /// Runs both models on `image`; `concepts` are the image rules' concepts in words, and
    /// `phrases` the phrase sets of those whose rules spell them out (concept -> phrases; see
    /// `ConceptPhraseSetMap`), e.g. `policy.imageConceptPhrases`.
    public func screen(_ image: RGBAImage, concepts names: [String],
                       phrases: [String: [String]] = [:]) throws(ScreeningError) -> ImageScreening {
        let start = DispatchTime.now().uptimeNanoseconds
        let nudityScore = try nudity.score(image)
        let middle = DispatchTime.now().uptimeNanoseconds
        let matches = try concepts.matches(image, concepts: names, phrases: phrases)
        let end = DispatchTime.now().uptimeNanoseconds
        return ImageScreening(nudityScore: nudityScore, conceptScores: matches.mapValues(\.score),
                              nudityMs: Double(middle - start) / 1e6, conceptMs: Double(end - middle) / 1e6,
                              conceptPhrases: matches.compactMapValues(\.phrase))
    }
}
