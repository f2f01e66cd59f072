import Foundation

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
    public enum Unavailable: Error, Sendable, CustomStringConvertible {
        case noVenv(python: String, makeIt: String)
        case failed(command: String, status: Int32, stderrTail: String)
        case unreadableOutput(command: String, output: String)
        case skipped

        public var description: String {
            switch self {
            case let .noVenv(python, makeIt): return "no PyTorch venv at \(python); make it with: \(makeIt)"
            case let .failed(command, status, tail): return "\(command) exited with status \(status): \(tail)"
            case let .unreadableOutput(command, output): return "\(command) printed no result JSON: \(output.suffix(300))"
            case .skipped: return "not run (--no-torch)"
            }
        }
    }

    /// The models directory (holding generator-base with bench_torch.py and .venv).
    public var modelsDirectory: URL
    public var threads: Int
    /// Steps of each stage and the guidance, the same as the Swift side.
    public var steps: Int
    public var upsamplerSteps: Int
    public var guidance: Float

    public init(modelsDirectory: URL, threads: Int, steps: Int, upsamplerSteps: Int, guidance: Float) {
        self.modelsDirectory = modelsDirectory
        self.threads = threads
        self.steps = steps
        self.upsamplerSteps = upsamplerSteps
        self.guidance = guidance
    }

    var directory: URL { modelsDirectory.appendingPathComponent("generator-base") }
    public var python: URL { directory.appendingPathComponent(".venv/bin/python") }
    public var script: URL { directory.appendingPathComponent("bench_torch.py") }
    public var makeVenvCommand: String {
        "python3 -m venv \(directory.path)/.venv && \(directory.path)/.venv/bin/pip install 'torch==2.13.0+cpu' numpy safetensors"
    }

    public func run() -> Swift.Result<Result, Unavailable> {
        guard FileManager.default.isExecutableFile(atPath: python.path) else {
            return .failure(.noVenv(python: python.path, makeIt: makeVenvCommand))
        }
        let arguments = [script.path, "--models", modelsDirectory.path, "--threads", "\(threads)",
                         "--steps", "\(steps)", "--upsampler-steps", "\(upsamplerSteps)", "--guidance", "\(guidance)"]
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
        guard let line = text.split(separator: "\n").last(where: { $0.hasPrefix("{") }),
              let result = try? JSONDecoder().decode(Result.self, from: Data(line.utf8)) else {
            return .failure(.unreadableOutput(command: command, output: text))
        }
        return .success(result)
    }
}
