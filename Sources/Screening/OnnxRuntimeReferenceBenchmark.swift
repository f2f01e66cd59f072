import Foundation
import Tensor

/// open_nsfw on onnxruntime (CPU), timed by `Models/nudity/bench_onnx.py` in the venv the nudity
/// recipe makes, for the side-by-side column of `warden bench image-screening`. The script prints
/// one JSON object; its figures are medians (and bests) of calls timed one by one.
public struct OnnxRuntimeReferenceBenchmark: Sendable {
    /// The script's figures.
    public struct Result: Sendable, Decodable {
        public var onnxruntime: String
        public var threads: Int
        /// `session.run` on the preprocessed input.
        public var modelMs: Double
        public var modelBestMs: Double
        /// Preprocessing from the decoded image (Pillow) plus `session.run`.
        public var endToEndMs: Double
        public var endToEndBestMs: Double
        /// onnxruntime's P(nsfw) for the benchmark image.
        public var nsfw: Double
    }

    /// Why there is no onnxruntime column.
    public typealias Unavailable = ReferenceScript.Unavailable

    /// The model directory holding bench_onnx.py and .venv (`Models/nudity`).
    public var directory: URL
    /// The PNG both sides score.
    public var image: URL
    /// Intra-op threads onnxruntime runs on.
    public var threads: Int
    /// Timed calls per case.
    public var repeats: Int

    public init(directory: URL, image: URL, threads: Int = 2, repeats: Int = 50) {
        self.directory = directory
        self.image = image
        self.threads = threads
        self.repeats = repeats
    }

    /// The script in the recipe's venv.
    public var reference: ReferenceScript {
        ReferenceScript(runtime: "onnxruntime", directory: directory, scriptName: "bench_onnx.py",
                        arguments: ["--image", image.path, "--threads", "\(threads)", "--repeats", "\(repeats)"],
                        threads: threads, makeVenvCommand: "bash \(directory.path)/make_model.sh --venv-only")
    }

    /// Runs the script and parses its result (snake_case keys).
    public func run() -> Swift.Result<Result, Unavailable> {
        reference.run(Result.self, keys: .convertFromSnakeCase)
    }
}
