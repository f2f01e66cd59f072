import Foundation
import Tensor

/// The same weights in PyTorch on CPU, timed by `Models/generator-base/bench_torch.py` in the
/// recipe's venv (`Models/generator-base/.venv`), for the ratios of `warden bench generate`.
/// The script prints one JSON object (medians).
public struct TorchGeneratorBenchmark: Sendable {
    public struct Result: Sendable, Decodable {
        public var torch: String
        public var threads: Int
        public var base_unet_batch2_ms: Double
        public var upsampler_unet_batch1_ms: Double
        public var image64_seconds: Double
        public var image256_seconds: Double
    }

    /// Why there is no PyTorch column.
    public typealias Unavailable = ReferenceScript.Unavailable

    /// The models directory (holding generator-base with bench_torch.py and .venv).
    public var modelsDirectory: URL
    public var threads: Int
    /// Steps of each stage and the guidance, the same as the Swift side.
    public var steps: Int
    public var upsamplerSteps: Int
    public var guidance: Float
    /// Timed repeats of each whole-image case (median).
    public var repeats: Int

    public init(modelsDirectory: URL, threads: Int, steps: Int, upsamplerSteps: Int, guidance: Float, repeats: Int) {
        self.modelsDirectory = modelsDirectory
        self.threads = threads
        self.steps = steps
        self.upsamplerSteps = upsamplerSteps
        self.guidance = guidance
        self.repeats = max(1, repeats)
    }

    var directory: URL { modelsDirectory.appendingPathComponent("generator-base") }
    /// The script in the recipe's venv.
    public var reference: ReferenceScript {
        ReferenceScript(runtime: "PyTorch", directory: directory, scriptName: "bench_torch.py",
                        arguments: ["--models", modelsDirectory.path, "--threads", "\(threads)",
                                    "--steps", "\(steps)", "--upsampler-steps", "\(upsamplerSteps)",
                                    "--guidance", "\(guidance)", "--repeats", "\(repeats)"],
                        threads: threads,
                        makeVenvCommand: "python3 -m venv \(directory.path)/.venv && \(directory.path)/.venv/bin/pip install 'torch==2.13.0+cpu' numpy safetensors")
    }

    public func run() -> Swift.Result<Result, Unavailable> { reference.run(Result.self) }
}
