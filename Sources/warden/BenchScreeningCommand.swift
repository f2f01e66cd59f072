import ArgumentParser
import Foundation
import Gateway

/// `warden bench screening`: p50/p99 of screening one prompt end to end.
struct BenchScreeningCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "screening",
        abstract: "Latency percentiles of prompt screening (normalise, lexicons, MiniLM, classifier, policy), one prompt at a time.")

    @Option(help: "Prompts file (.jsonl/.tsv/.csv); default: the classifier's validation split.")
    var prompts: String?

    @Option(help: "Use at most this many prompts.")
    var limit: Int = 500

    func run() async throws {
        let paths = WardenPaths.locate()
        let file = prompts.map { URL(fileURLWithPath: $0) }
            ?? paths.models.appendingPathComponent("prompt-classifier/eval/validation.jsonl")
        let texts = try LabelledPrompt.load(url: file).map(\.text).prefix(limit)
        let moderator = try PromptModerator.load(paths: paths)
        let report = try ScreeningBenchmark(moderator: moderator).run(prompts: Array(texts))
        print(report.table)
    }
}
