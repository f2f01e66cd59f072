import Foundation

/// The human-readable form of a moderation result, for the terminal.
public enum ModerationText {
    public static func render(input: String, result: ModerationResult) -> String {
        var lines = ["input: \(input)"]
        if result.normalizedInput != input.lowercased() { lines.append("  read as: \(result.normalizedInput)") }
        lines.append("  flagged: \(result.flagged)   decision: \(result.warden.action) (policy \(result.warden.policyID) v\(result.warden.policyVersion))")
        let top = result.categoryScores.sorted { $0.value > $1.value }.prefix(3)
        lines.append("  top scores: " + top.map { String(format: "%@ %.3f", $0.key, $0.value) }.joined(separator: ", ")
                     + "   (0.5 = the category's operating point)")
        if !result.lexiconHits.isEmpty {
            lines.append("  lexicon hits: " + result.lexiconHits.map {
                "\($0.lexicon):\"\($0.matchedText)\"[\($0.start)..<\($0.end)] w\($0.weight)"
            }.joined(separator: ", "))
        }
        if result.warden.action != "allow" { lines.append("  " + result.warden.message) }
        if result.truncated { lines.append("  note: the prompt was cut at the encoder's token limit") }
        lines.append(String(format: "  latency: %.2f ms (normalise %.3f, encode %.2f, classify %.3f, policy %.3f)",
                            result.latencyMs.total, result.latencyMs.normalizeAndMatch, result.latencyMs.encode,
                            result.latencyMs.classify, result.latencyMs.policy))
        return lines.joined(separator: "\n")
    }
}
