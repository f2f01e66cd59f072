import Foundation

/// A reference implementation timed by a recipe's Python script in the recipe's own venv (the
/// same model in PyTorch or onnxruntime), for the side-by-side ratios of `warden bench ...`.
/// The script prints one JSON object as its last `{`-line; the caller decodes it.
public struct ReferenceScript: Sendable {
    /// Why there is no reference column.
    public enum Unavailable: Error, Sendable, CustomStringConvertible {
        case noVenv(runtime: String, python: String, makeIt: String)
        case failed(command: String, status: Int32, stderrTail: String)
        case unreadableOutput(command: String, output: String)
        /// The caller asked for no reference run (`option` is the flag that did).
        case skipped(option: String)

        public var description: String {
            switch self {
            case let .noVenv(runtime, python, makeIt):
                return "no \(runtime) venv at \(python); make it with: \(makeIt)"
            case let .failed(command, status, tail):
                return "\(command) exited with status \(status): \(tail)"
            case let .unreadableOutput(command, output):
                return "\(command) printed no result JSON: \(output.suffix(300))"
            case let .skipped(option):
                return "not run (\(option))"
            }
        }
    }

    /// The reference runtime's name in messages ("PyTorch", "onnxruntime").
    public var runtime: String
    /// The recipe directory holding the script and `.venv`.
    public var directory: URL
    /// The script's file name in `directory`.
    public var scriptName: String
    /// Arguments after the script path.
    public var arguments: [String]
    /// Threads the reference may use (`OMP_NUM_THREADS`).
    public var threads: Int
    /// The shell command that makes the venv, shown when it is missing.
    public var makeVenvCommand: String

    public init(runtime: String, directory: URL, scriptName: String, arguments: [String], threads: Int,
                makeVenvCommand: String) {
        self.runtime = runtime
        self.directory = directory
        self.scriptName = scriptName
        self.arguments = arguments
        self.threads = threads
        self.makeVenvCommand = makeVenvCommand
    }

    public var python: URL { directory.appendingPathComponent(".venv/bin/python") }
    public var script: URL { directory.appendingPathComponent(scriptName) }

    /// Runs the script and decodes its result line as `Output`.
    public func run<Output: Decodable>(_ output: Output.Type,
                                       keys: JSONDecoder.KeyDecodingStrategy = .useDefaultKeys)
        -> Result<Output, Unavailable> {
        guard FileManager.default.isExecutableFile(atPath: python.path) else {
            return .failure(.noVenv(runtime: runtime, python: python.path, makeIt: makeVenvCommand))
        }
        let allArguments = [script.path] + arguments
        let command = ([python.path] + allArguments).joined(separator: " ")
        let process = Process()
        process.executableURL = python
        process.arguments = allArguments
        var environment = ProcessInfo.processInfo.environment
        environment["OMP_NUM_THREADS"] = "\(threads)"
        process.environment = environment
        let standardOutput = Pipe(), standardError = Pipe()
        process.standardOutput = standardOutput
        process.standardError = standardError
        do { try process.run() } catch {
            return .failure(.failed(command: command, status: -1, stderrTail: "\(error)"))
        }
        let outData = standardOutput.fileHandleForReading.readDataToEndOfFile()
        let errData = standardError.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            return .failure(.failed(command: command, status: process.terminationStatus,
                                    stderrTail: String(String(decoding: errData, as: UTF8.self).suffix(400))))
        }
        let text = String(decoding: outData, as: UTF8.self)
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = keys
        guard let line = text.split(separator: "\n").last(where: { $0.hasPrefix("{") }),
              let result = try? decoder.decode(Output.self, from: Data(line.utf8)) else {
            return .failure(.unreadableOutput(command: command, output: text))
        }
        return .success(result)
    }
}
