import ArgumentParser
import Foundation
import TextEncoder

/// `warden embed TEXT...`: one JSON array of 384 numbers per text (the L2-normalised
/// all-MiniLM-L6-v2 embedding). With no TEXT, each line of standard input is one text.
struct EmbedCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "embed",
        abstract: "Print the sentence embedding of each text as a JSON array, one per line.")

    @Option(help: "The text encoder's model directory.")
    var model: String = "Models/text-encoder"

    @Argument(help: "Texts to embed; when none are given, each line of standard input is a text.")
    var texts: [String] = []

    func run() async throws {
        let encoder = try MiniLMEncoder(directory: URL(fileURLWithPath: model))
        var inputs = texts
        if inputs.isEmpty {
            while let line = readLine(strippingNewline: true) { inputs.append(line) }
        }
        // Batches of 32 keep memory flat for long inputs.
        var start = 0
        while start < inputs.count {
            let batch = Array(inputs[start..<min(start + 32, inputs.count)])
            for (offset, encoding) in try encoder.encode(batch).enumerated() {
                if encoding.tokens.truncated {
                    FileHandle.standardError.write(Data(
                        "warden embed: text \(start + offset + 1) truncated to \(encoding.tokens.ids.count) of \(encoding.tokens.untruncatedLength) tokens\n".utf8))
                }
                print(encoding.embeddingJSON)
            }
            start += batch.count
        }
    }
}
