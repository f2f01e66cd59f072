import Foundation

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
    public enum Unavailable: Error, Sendable, CustomStringConvertible {
        case noVenv(python: String, makeIt: String)
        case failed(command: String, status: Int32, stderrTail: String)
        case unreadableOutput(command: String, output: String)
        case skipped

        public var description: String {
            switch self {
            case let .noVenv(python, makeIt):
                return "no onnxruntime venv at \(python); make it with: \(makeIt)"
            case let .failed(command, status, tail):
                return "\(command) exited with status \(status): \(tail)"
            case let .unreadableOutput(command, output):
                return "\(command) printed no result JSON: \(output.suffix(300))"
            case .skipped:
                return "not run (--no-onnxruntime)"
            }
        }
    }

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

    public var python: URL { directory.appendingPathComponent(".venv/bin/python") }
    public var script: URL { directory.appendingPathComponent("bench_onnx.py") }
    public var makeVenvCommand: String { "bash \(directory.path)/make_model.sh --venv-only" }

    /// Runs the script and parses its result.
    public func run() -> Swift.Result<Result, Unavailable> {
        guard FileManager.default.isExecutableFile(atPath: python.path) else {
            return .failure(.noVenv(python: python.path, makeIt: makeVenvCommand))
        }
        let arguments = [script.path, "--image", image.path, "--threads", "\(threads)", "--repeats", "\(repeats)"]
        let command = ([python.path] + arguments).joined(separator: " ")
        let process = Process()
        process.executableURL = python
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["OMP_NUM_THREADS"] = "\(threads)"
        process.environment = environment
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        do { try process.run() } catch {
            return .failure(.failed(command: command, status: -1, stderrTail: "\(error)"))
        }
        let outData = output.fileHandleForReading.readDataToEndOfFile()
        let errData = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            return .failure(.failed(command: command, status: process.terminationStatus,
                                    stderrTail: String(String(decoding: errData, as: UTF8.self).suffix(400))))
        }
        let text = String(decoding: outData, as: UTF8.self)
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        guard let line = text.split(separator: "\n").last(where: { $0.hasPrefix("{") }),
              let result = try? decoder.decode(Result.self, from: Data(line.utf8)) else {
            return .failure(.unreadableOutput(command: command, output: text))
        }
        return .success(result)
    }
}
