import ArgumentParser
import Foundation
import Gateway
import Screening

/// `warden bench image-screening`: milliseconds per image for each image-screening model, one
/// image at a time (rows: the concept encoder at 64x64 and 256x256).
struct BenchImageScreeningCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "image-screening",
        abstract: "Image screening models: ms per image, one image at a time.")

    @Option(help: "Models directory (default: located like `warden serve` does).")
    var models: String?

    @Option(help: "Images measured per row.")
    var images: Int = 50

    func run() async throws {
        let paths = WardenPaths.locate(models: models)
        let encoder = try ConceptImageEncoder.load(modelDirectory: paths.models.appendingPathComponent("concept-encoder"))
        let benchmark = ConceptEncoderBenchmark(encoder: encoder)
        for size in [64, 256] {
            print(try benchmark.run(size: size, images: images).line)
        }
    }
}
