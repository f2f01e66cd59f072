extension ReplayReport {
    /// The report as text for `warden policy replay`.
    public var table: String {
        var lines = [
            "replayed \(replayed) decisions (\(skipped) skipped: no stored policy input)",
            "  unchanged  \(unchanged)",
            "  changed    \(changed)",
        ]
        for (transition, count) in transitions.sorted(by: { $0.value > $1.value || ($0.value == $1.value && $0.key < $1.key) }) {
            lines.append("    \(transition): \(count)")
        }
        if !examples.isEmpty {
            lines.append("examples:")
            for example in examples {
                let prompt = example.prompt.count > 70 ? String(example.prompt.prefix(67)) + "..." : example.prompt
                let was = example.previousRules.isEmpty ? "default" : example.previousRules.joined(separator: ",")
                let now = example.candidateRules.isEmpty ? "default" : example.candidateRules.joined(separator: ",")
                lines.append("  #\(example.sequence) \(example.decisionID) \(example.from)->\(example.to) [\(was) -> \(now)] \"\(prompt)\"")
            }
        }
        return lines.joined(separator: "\n")
    }
}
