import Foundation
import Imaging
import Screening
import TextEncoder

/// Screening's `ImageScreen` (open_nsfw from `Models/nudity` and the concept encoder from
/// `Models/concept-encoder`, concept texts embedded by the same MiniLM as prompts) as the
/// guarded pipeline's image screen. Both models must load: without either, image requests fail
/// closed.
public struct ModelImageScreen: ImageSafetyScreen {
    public let screen: ImageScreen

    public init(screen: ImageScreen) {
        self.screen = screen
    }

    /// Loads both models from `modelsDirectory` (each checked against its config's sha256).
    public static func load(modelsDirectory: URL, textEncoder: MiniLMEncoder) throws(ScreeningError) -> ModelImageScreen {
        ModelImageScreen(screen: try ImageScreen.load(modelsDirectory: modelsDirectory, encoder: textEncoder))
    }

    public func screen(_ image: RGBAImage, concepts names: [String]) throws -> ImageSafetyReport {
        try screen(image, concepts: names, phrases: [:])
    }

    public func screen(_ image: RGBAImage, concepts names: [String], phrases: [String: [String]]) throws -> ImageSafetyReport {
        let result = try screen.screen(image, concepts: names, phrases: phrases)
        return ImageSafetyReport(nudityScore: result.nudityScore, conceptScores: result.conceptScores,
                                 milliseconds: result.nudityMs + result.conceptMs, conceptPhrases: result.conceptPhrases)
    }
}
