import ArgumentParser
import Foundation
import Policy

/// `warden policy ...`: validate policy documents, run their tests, diff them, decide an input.
struct PolicyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "policy",
        abstract: "Validate policy documents and run policy tests.",
        subcommands: [PolicyValidateCommand.self, PolicyTestCommand.self, PolicyDiffCommand.self, PolicyDecideCommand.self,
                      PolicyBenchCommand.self, PolicyReplayCommand.self]
    )
}

/// `warden policy validate FILE`: compiles the document; prints the error with line and column.
struct PolicyValidateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Compile a policy document and report the first error with its line and column.")

    @Argument(help: "The policy document (YAML).")
    var file: String

    func run() async throws {
        do {
            let policy = try PolicyCompiler.compile(fileAt: file)
            print("\(file): valid: policy \(policy.id) version \(policy.version), \(policy.rules.count) rules, sha256 \(policy.sha256)")
        } catch {
            FileHandle.standardError.write(Data((error.description + "\n").utf8))
            throw ExitCode.failure
        }
    }
}

/// `warden policy test`: runs every case in the test directory against a policy.
struct PolicyTestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Run the policy test cases (Policies/tests/*.yaml) against a policy.")

    @Option(help: "Directory of test files.")
    var dir: String = "Policies/tests"

    @Option(help: "The policy document to test.")
    var policy: String = "Policies/default.yaml"

    @Flag(help: "Print passing cases too.")
    var verbose = false

    func run() async throws {
        let report: PolicyTestReport
        do {
            let compiled = try PolicyCompiler.compile(fileAt: policy)
            report = try PolicyTestRunner.run(directory: dir, policy: compiled)
        } catch {
            FileHandle.standardError.write(Data((error.description + "\n").utf8))
            throw ExitCode.failure
        }
        for result in report.results where verbose || !result.passed {
            print(result.summary)
        }
        print("\(report.passedCount) passed, \(report.failedCount) failed, \(report.results.count) cases")
        if !report.uncoveredRules.isEmpty {
            print("rules no passing case saw deciding: \(report.uncoveredRules.joined(separator: ", "))")
        }
        if !report.allPassed { throw ExitCode.failure }
    }
}

/// `warden policy diff OLD NEW`: what an edit changes, rule by rule, as JSON.
struct PolicyDiffCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Print the rule-by-rule difference between two policy documents (JSON).")

    @Argument(help: "The current policy document.")
    var old: String

    @Argument(help: "The edited policy document.")
    var new: String

    func run() async throws {
        do {
            let diff = PolicyDiff(from: try PolicyCompiler.compile(fileAt: old), to: try PolicyCompiler.compile(fileAt: new))
            print(try PolicyJSON.pretty(diff))
        } catch let error as PolicyError {
            FileHandle.standardError.write(Data((error.description + "\n").utf8))
            throw ExitCode.failure
        }
    }
}

/// `warden policy decide --input FILE`: decides one stored `PolicyInput` (JSON) and prints the
/// decision with its trace (JSON), as the audit log and the API's `warden` object carry it.
struct PolicyDecideCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decide",
        abstract: "Decide a PolicyInput (JSON file) and print the decision with its trace (JSON).")

    @Option(help: "A PolicyInput as JSON.")
    var input: String

    @Option(help: "The policy document.")
    var policy: String = "Policies/default.yaml"

    func run() async throws {
        let compiled: CompiledPolicy
        do {
            compiled = try PolicyCompiler.compile(fileAt: policy)
        } catch {
            FileHandle.standardError.write(Data((error.description + "\n").utf8))
            throw ExitCode.failure
        }
        let data = try Data(contentsOf: URL(fileURLWithPath: input))
        let decoded = try JSONDecoder().decode(PolicyInput.self, from: data)
        print(try PolicyJSON.pretty(compiled.evaluate(decoded)))
    }
}

/// Pretty, key-sorted JSON for the policy commands.
enum PolicyJSON {
    static func pretty<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}

/// `warden policy bench`: decisions per second of a policy over the inputs of its test cases.
struct PolicyBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure decisions/s of a policy over the inputs of the policy test cases (1 thread).")

    @Option(help: "Directory of test files whose inputs are evaluated.")
    var dir: String = "Policies/tests"

    @Option(help: "The policy document.")
    var policy: String = "Policies/default.yaml"

    @Option(help: "Seconds to run.")
    var seconds: Double = 2.0

    func run() async throws {
        do {
            let compiled = try PolicyCompiler.compile(fileAt: policy)
            let inputs = try PolicyTestRunner.run(directory: dir, policy: compiled).results.map(\.testCase.input)
            print(PolicyBenchmark.measure(policy: compiled, inputs: inputs, seconds: seconds).summary)
        } catch {
            FileHandle.standardError.write(Data((error.description + "\n").utf8))
            throw ExitCode.failure
        }
    }
}
