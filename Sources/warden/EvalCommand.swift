import ArgumentParser
import Foundation
import Gateway
import Screening

/// `warden eval ...`: measure screening on labelled files.
struct EvalCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Evaluate screening on labelled data.",
        subcommands: [EvalPromptsCommand.self])
}

/// `warden eval prompts FILE`: per-category precision, recall and false-positive rate.
struct EvalPromptsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prompts",
        abstract: "Per-category precision, recall and FPR on a TSV/CSV/JSONL file with optional labels; per-prompt scores to --out.")

    @Argument(help: "Prompts file (.jsonl with text/labels, or .tsv/.csv with a header naming text and labels).")
    var file: String

    @Option(help: "Write per-prompt scores and decisions as JSONL here.")
    var out: String?

    @Flag(help: "Also measure recall of the unsafe prompts disguised by each obfuscation.")
    var obfuscate = false

    @Option(help: "Policy document to decide with (default: Policies/default.yaml).")
    var policy: String?

    @Option(help: "Models folder.")
    var models: String?

    @Flag(help: "Print the report as JSON.")
    var json = false

    func run() async throws {
        let prompts = try LabelledPrompt.load(url: URL(fileURLWithPath: file))
        let moderator = try PromptModerator.load(paths: WardenPaths.locate(models: models),
                                                 policyFile: policy.map { URL(fileURLWithPath: $0) })
        let evaluation = PromptEvaluation(moderator: moderator)
        let (report, moderations) = try evaluation.run(prompts, obfuscations: obfuscate ? Obfuscation.allCases : [])
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        if let out {
            var lines = ""
            for (prompt, moderation) in zip(prompts, moderations) {
                let result = ModerationResult(decisionID: UUID().uuidString.lowercased(), moderation: moderation)
                let row = EvaluatedPrompt(text: prompt.text, labels: prompt.labels, result: result)
                lines += String(decoding: try encoder.encode(row), as: UTF8.self) + "\n"
            }
            try Data(lines.utf8).write(to: URL(fileURLWithPath: out))
        }
        if json {
            encoder.outputFormatting.insert(.prettyPrinted)
            print(String(decoding: try encoder.encode(report), as: UTF8.self))
        } else {
            print(report.table)
        }
    }
}

/// One line of `--out`.
struct EvaluatedPrompt: Encodable {
    var text: String
    var labels: [String]?
    var result: ModerationResult
}
