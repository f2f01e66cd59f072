import Foundation

/// A prompt with its true categories (empty = benign), read from an evaluation file.
public struct LabelledPrompt: Sendable, Equatable {
    public var text: String
    /// Categories the prompt belongs to; nil when the file has no labels for it.
    public var labels: [String]?

    public init(text: String, labels: [String]?) {
        self.text = text
        self.labels = labels
    }

    /// Reads JSONL (`{"text": ..., "labels": [...]}` or `"label": "a,b"`), TSV or CSV (a header
    /// row naming a `text` column and optionally a `labels` column, labels separated by `,` `;` or
    /// `|`). The format is chosen by the file's extension.
    public static func load(url: URL) throws -> [LabelledPrompt] {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw GatewayError.unreadableFile(path: url.path, reason: error.localizedDescription)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw GatewayError.unreadableFile(path: url.path, reason: "not UTF-8")
        }
        switch url.pathExtension.lowercased() {
        case "jsonl", "json": return try parseJSONL(text, path: url.path)
        case "tsv": return try parseDelimited(text, separator: "\t", path: url.path)
        case "csv": return try parseDelimited(text, separator: ",", path: url.path)
        default:
            throw GatewayError.unreadableFile(path: url.path, reason: "unknown format: use .jsonl, .tsv or .csv")
        }
    }

    static func parseJSONL(_ text: String, path: String) throws -> [LabelledPrompt] {
        var out: [LabelledPrompt] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespacesAndNewlines)
            if trimmed.isEmpty { continue }
            guard let object = try? JSONSerialization.jsonObject(with: Data(trimmed.utf8)) as? [String: Any],
                  let prompt = object["text"] as? String else {
                throw GatewayError.malformedLine(path: path, line: index + 1, reason: "expected a JSON object with a string field \"text\"")
            }
            var labels: [String]?
            if let list = object["labels"] as? [String] { labels = list }
            else if let single = object["label"] as? String { labels = splitLabels(single) }
            out.append(LabelledPrompt(text: prompt, labels: labels))
        }
        return out
    }

    static func parseDelimited(_ text: String, separator: Character, path: String) throws -> [LabelledPrompt] {
        let rows = DelimitedText.rows(text, separator: separator)
        guard let header = rows.first else { return [] }
        let names = header.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        guard let textColumn = names.firstIndex(where: { $0 == "text" || $0 == "prompt" }) else {
            throw GatewayError.malformedLine(path: path, line: 1, reason: "the header row needs a \"text\" column")
        }
        let labelColumn = names.firstIndex(where: { $0 == "labels" || $0 == "label" || $0 == "categories" })
        var out: [LabelledPrompt] = []
        for (index, row) in rows.dropFirst().enumerated() where !(row.count == 1 && row[0].isEmpty) {
            guard textColumn < row.count else {
                throw GatewayError.malformedLine(path: path, line: index + 2, reason: "fewer columns than the header")
            }
            let labels = labelColumn.flatMap { $0 < row.count ? splitLabels(row[$0]) : nil }
            out.append(LabelledPrompt(text: row[textColumn], labels: labels))
        }
        return out
    }

    static func splitLabels(_ field: String) -> [String] {
        field.split(whereSeparator: { $0 == "," || $0 == ";" || $0 == "|" })
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && $0 != "benign" && $0 != "safe" && $0 != "none" }
    }
}

/// RFC 4180-style rows: fields may be quoted, quotes doubled inside quotes.
enum DelimitedText {
    static func rows(_ text: String, separator: Character) -> [[String]] {
        var rows: [[String]] = []
        var row: [String] = []
        var field = ""
        var quoted = false
        var iterator = text.makeIterator()
        var pending: Character? = nil
        while let c = pending ?? iterator.next() {
            pending = nil
            if quoted {
                if c == "\"" {
                    if let next = iterator.next() {
                        if next == "\"" { field.append("\"") } else { quoted = false; pending = next }
                    } else { quoted = false }
                } else { field.append(c) }
            } else if c == "\"" && field.isEmpty {
                quoted = true
            } else if c == separator {
                row.append(field); field = ""
            } else if c == "\n" || c == "\r\n" {
                row.append(field); rows.append(row); row = []; field = ""
            } else if c != "\r" {
                field.append(c)
            }
        }
        if !field.isEmpty || !row.isEmpty { row.append(field); rows.append(row) }
        return rows
    }
}
