import Foundation
import Tensor

/// The same model in PyTorch on CPU, timed by `Models/text-encoder/bench_torch.py` (the
/// tokenizer-recipe's script) in the venv the recipe makes, for the side-by-side ratio of
/// `warden bench text-encoder`. The script prints one JSON object; its figures are medians.
public struct TorchReferenceBenchmark: Sendable {
    /// The script's figures.
    public struct Result: Sendable, Decodable {
        public var torch: String
        public var threads: Int
        public var batch1_16_tokens_ms: Double
        public var batch1_64_tokens_ms: Double
        public var batch32_16_tokens_prompts_per_s: Double
    }

    /// Why there is no PyTorch column.
    public typealias Unavailable = ReferenceScript.Unavailable

    /// The model directory holding bench_torch.py and .venv.
    public var directory: URL
    /// Threads PyTorch runs on.
    public var threads: Int

    public init(directory: URL, threads: Int = 2) {
        self.directory = directory
        self.threads = threads
    }

    /// The script in the recipe's venv.
    public var reference: ReferenceScript {
        ReferenceScript(runtime: "PyTorch", directory: directory, scriptName: "bench_torch.py",
                        arguments: ["--threads", "\(threads)"], threads: threads,
                        makeVenvCommand: "bash \(directory.path)/make_model.sh --venv-only")
    }

    /// Runs the script and parses its result.
    public func run() -> Swift.Result<Result, Unavailable> { reference.run(Result.self) }
}
