import ArgumentParser
import Foundation
import Gateway
import Imaging
import Screening
import Tensor

/// `warden bench image-screening`: ms per image of the image screening models, with open_nsfw on
/// onnxruntime beside Warden's port in the same run.
struct BenchImageScreeningCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "image-screening",
        abstract: "Image screening models: ms per image, and open_nsfw on onnxruntime as a ratio.")

    @Option(help: "PNG both sides score (default: Models/nudity/golden/images/photo_astronaut.png).")
    var image: String?

    @Option(help: "Seconds spent per measured Warden case, over all rounds.")
    var seconds: Double = 3.0

    @Option(help: "Rounds: Warden and onnxruntime alternate this many times, so machine load falls on both.")
    var rounds: Int = 3

    @Option(help: "Threads onnxruntime runs on (default: the same as OpenBLAS, so the ratio compares like with like).")
    var onnxruntimeThreads: Int?

    @Flag(help: "Skip the onnxruntime reference column.")
    var noOnnxruntime = false

    func run() async throws {
        let paths = WardenPaths.locate()
        let directory = paths.models.appendingPathComponent("nudity")
        let imageURL = image.map { URL(fileURLWithPath: $0) }
            ?? directory.appendingPathComponent("golden/images/photo_astronaut.png")
        let decoded = try PNGCodec.decode(Data(contentsOf: imageURL))
        let classifier = try NudityClassifier.load(modelDirectory: directory)
        let threads = OpenBLASRuntime.threadCount
        let scalingBefore = PeakProbe().measureScaling()
        let nudity = try ImageScreeningBenchReport.measureNudity(
            classifier: classifier, image: decoded, minimumSeconds: seconds, rounds: rounds,
            onnxruntime: noOnnxruntime ? nil : OnnxRuntimeReferenceBenchmark(
                directory: directory, image: imageURL, threads: onnxruntimeThreads ?? threads, repeats: 30))
        let scalingAfter = PeakProbe().measureScaling()
        let conceptEncoder = try ConceptImageEncoder.load(
            modelDirectory: paths.models.appendingPathComponent("concept-encoder"))
        let concept = try ImageScreeningBenchReport.measureConcept(encoder: conceptEncoder, image: decoded,
                                                                   minimumSeconds: seconds)
        let report = ImageScreeningBenchReport(image: "\(imageURL.lastPathComponent) (\(decoded.width)x\(decoded.height))",
                                               threads: threads, coreName: OpenBLASRuntime.coreName,
                                               rows: [nudity, concept],
                                               hostScaling: (scalingBefore, scalingAfter))
        print(report.table)
    }
}
