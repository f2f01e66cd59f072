import Foundation

extension AuditRecord {
    /// One line for `warden audit list`: sequence, time, decision id, key, stage, action, rules, prompt.
    public var summaryLine: String {
        let formatter = ISO8601DateFormatter()
        let prompt = draft.prompt.count > 60 ? String(draft.prompt.prefix(57)) + "..." : draft.prompt
        let rules = draft.decidingRules.isEmpty ? "-" : draft.decidingRules.joined(separator: ",")
        return [String(sequence), formatter.string(from: draft.time), decisionID.uuidString.lowercased(),
                draft.apiKeyID ?? "-", draft.stage, draft.action, rules,
                prompt.replacingOccurrences(of: "\n", with: " ")].joined(separator: "  ")
    }

    /// The record as one JSON object (the JSONL export format), optionally pretty-printed.
    public func exportJSON(pretty: Bool = false) throws -> Data {
        try AuditExport.jsonLine(self, pretty: pretty)
    }
}

extension AuditQuery {
    /// Parses a command-line date: `YYYY-MM-DD` (UTC midnight) or ISO 8601 date-time.
    public static func parseDate(_ text: String) throws -> Date {
        let full = ISO8601DateFormatter()
        if let date = full.date(from: text) { return date }
        full.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = full.date(from: text) { return date }
        let day = ISO8601DateFormatter()
        day.formatOptions = [.withFullDate]
        if let date = day.date(from: text) { return date }
        throw AuditError.invalidInput(reason: "'\(text)' is not a date (use YYYY-MM-DD or 2026-11-24T20:00:00Z)")
    }
}
