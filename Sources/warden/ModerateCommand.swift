import ArgumentParser
import Foundation
import Gateway

/// `warden moderate`: screen prompts and show the policy's decision, as `/v1/moderations` does.
struct ModerateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "moderate",
        abstract: "Screen prompts: flagged, categories, scores, lexicon hits with spans, decision, latency.")

    @Flag(help: "Print one JSON object per input (the /v1/moderations result shape).")
    var json = false

    @Option(help: "Read inputs from a JSONL file, one object with a \"text\" field per line.")
    var jsonl: String?

    @Option(help: "Policy document to decide with (default: Policies/default.yaml).")
    var policy: String?

    @Option(help: "Policies folder (default: found from the working directory or the executable).")
    var policies: String?

    @Option(help: "Models folder (default: found from the working directory or the executable).")
    var models: String?

    @Argument(help: "Texts to screen.")
    var texts: [String] = []

    func run() async throws {
        var inputs = texts
        if let jsonl { inputs += try LabelledPrompt.load(url: URL(fileURLWithPath: jsonl)).map(\.text) }
        guard !inputs.isEmpty else { throw ValidationError("give TEXT arguments or --jsonl FILE") }
        let moderator = try PromptModerator.load(paths: WardenPaths.locate(policies: policies, models: models),
                                                 policyFile: policy.map { URL(fileURLWithPath: $0) })
        let evaluation = PromptEvaluation(moderator: moderator)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        for (text, moderation) in zip(inputs, try evaluation.moderate(inputs)) {
            let result = ModerationResult(decisionID: UUID().uuidString.lowercased(), moderation: moderation)
            if json || jsonl != nil {
                print(String(decoding: try encoder.encode(result), as: UTF8.self))
            } else {
                print(ModerationText.render(input: text, result: result))
            }
        }
    }
}
