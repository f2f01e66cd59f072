import ArgumentParser
import Diffusion
import Foundation
import Tensor
import TextEncoder

/// `warden bench generate`: seconds per 64x64 and 256x256 image, UNet GFLOP/s as a share of
/// peak, and the same weights in PyTorch on CPU as ratios, measured in one run.
struct BenchGenerateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Generator cascade: s per 64x64 / 256x256 image, UNet GFLOP/s and share of peak, PyTorch ratio.")

    @Option(help: "Directory holding generator-base, generator-upsampler and text-encoder.")
    var models: String = "Models"

    @Option(help: "Prompt to condition on.")
    var prompt: String = "a red apple in the top left on a blue background, lit from the right"

    @Option(help: "Upsampler steps (default: the upsampler config's).")
    var upsamplerSteps: Int?

    @Option(help: "Timed repeats of each whole-image case (median reported).")
    var repeats: Int = 3

    @Option(help: "Threads PyTorch runs on (default: the same as OpenBLAS).")
    var torchThreads: Int?

    @Flag(help: "Skip the PyTorch reference column.")
    var noTorch = false

    func run() async throws {
        let directory = URL(fileURLWithPath: models)
        let pipeline = try DiffusionPipeline.load(modelsDirectory: directory)
        let encoder = try MiniLMEncoder(directory: directory.appendingPathComponent("text-encoder"))
        let benchmark = GenerationBenchmark(pipeline: pipeline, prompt: TextConditioning(try encoder.encode(prompt)),
                                            negative: TextConditioning(try encoder.encode("")),
                                            upsamplerSteps: upsamplerSteps, repeats: repeats)
        let torch = noTorch ? nil : TorchGeneratorBenchmark(
            modelsDirectory: directory, threads: torchThreads ?? OpenBLASRuntime.threadCount,
            steps: benchmark.steps, upsamplerSteps: benchmark.upsamplerSteps, guidance: benchmark.guidance)
        print(try benchmark.run(torch: torch).table)
    }
}
