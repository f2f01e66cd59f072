import Foundation

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
    public enum Unavailable: Error, Sendable, CustomStringConvertible {
        case noVenv(python: String, makeIt: String)
        case failed(command: String, status: Int32, stderrTail: String)
        case unreadableOutput(command: String, output: String)
        case skipped

        public var description: String {
            switch self {
            case let .noVenv(python, makeIt):
                return "no PyTorch venv at \(python); make it with: \(makeIt)"
            case let .failed(command, status, tail):
                return "\(command) exited with status \(status): \(tail)"
            case .skipped:
                return "not run (--no-torch)"
            case let .unreadableOutput(command, output):
                return "\(command) printed no result JSON: \(output.suffix(300))"
            }
        }
    }

    /// The model directory holding bench_torch.py and .venv.
    public var directory: URL
    /// Threads PyTorch runs on.
    public var threads: Int

    public init(directory: URL, threads: Int = 2) {
        self.directory = directory
        self.threads = threads
    }

    public var python: URL { directory.appendingPathComponent(".venv/bin/python") }
    public var script: URL { directory.appendingPathComponent("bench_torch.py") }
    public var makeVenvCommand: String { "bash \(directory.path)/make_model.sh --venv-only" }

    /// Runs the script and parses its result.
    public func run() -> Swift.Result<Result, Unavailable> {
        guard FileManager.default.isExecutableFile(atPath: python.path) else {
            return .failure(.noVenv(python: python.path, makeIt: makeVenvCommand))
        }
        let process = Process()
        process.executableURL = python
        process.arguments = [script.path, "--threads", "\(threads)"]
        var environment = ProcessInfo.processInfo.environment
        environment["OMP_NUM_THREADS"] = "\(threads)"
        process.environment = environment
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        let command = "\(python.path) \(script.path) --threads \(threads)"
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
        guard let line = text.split(separator: "\n").last(where: { $0.hasPrefix("{") }),
              let result = try? JSONDecoder().decode(Result.self, from: Data(line.utf8)) else {
            return .failure(.unreadableOutput(command: command, output: text))
        }
        return .success(result)
    }
}
