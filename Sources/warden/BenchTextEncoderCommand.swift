import ArgumentParser
import Foundation
import Tensor
import TextEncoder

/// `warden bench text-encoder`: MiniLM latency and throughput, share of the FP32 peak, and the
/// same model in PyTorch on CPU as a ratio, measured in one run.
struct BenchTextEncoderCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "text-encoder",
        abstract: "MiniLM text encoder: ms per prompt, prompts/s, GFLOP/s, and PyTorch as a ratio.")

    @Option(help: "The text encoder's model directory (also holds bench_torch.py and its .venv).")
    var model: String = "Models/text-encoder"

    @Option(help: "Seconds spent per measured shape.")
    var seconds: Double = 2.0

    @Option(help: "Threads PyTorch runs on (default: the same as OpenBLAS, so the ratio compares like with like).")
    var torchThreads: Int?

    @Flag(help: "Skip the PyTorch reference column.")
    var noTorch = false

    func run() async throws {
        let directory = URL(fileURLWithPath: model)
        let encoder = try MiniLMModel(configurationURL: directory.appendingPathComponent("config.json"),
                                      weightsURL: directory.appendingPathComponent("model.safetensors"))
        let report = try TextEncoderBenchReport.measure(
            model: encoder, minimumSeconds: seconds,
            torch: noTorch ? nil : TorchReferenceBenchmark(directory: directory,
                                                          threads: torchThreads ?? OpenBLASRuntime.threadCount))
        print(report.table)
    }
}
