import ArgumentParser
import Foundation
import Policy

/// `warden policy ...`: validate policy documents and run their tests.
struct PolicyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "policy",
        abstract: "Validate policy documents and run policy tests.",
        subcommands: [PolicyValidateCommand.self, PolicyTestCommand.self]
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
