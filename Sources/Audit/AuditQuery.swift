import Foundation

/// Filters and a keyset cursor for `AuditLog.query`. Every filter is optional; they combine with AND.
public struct AuditQuery: Sendable, Equatable {
    /// Decisions at or after this time.
    public var since: Date?
    /// Decisions before this time.
    public var until: Date?
    /// Only this action (`allow`, `block`, `review`, `warn`).
    public var action: String?
    /// Only decisions where some stage scored this category at or above `minimumScore`.
    public var category: String?
    /// The threshold for `category`.
    public var minimumScore: Double
    /// Only decisions where this rule id was among the deciding rules.
    public var rule: String?
    /// Only this API key id.
    public var apiKeyID: String?
    /// Only this deciding stage (`prompt`, `input_image`, `output_image`).
    public var stage: String?
    /// Full-text search over prompt and normalised prompt (FTS5). Words are matched as terms,
    /// all required; a trailing `*` on a word is a prefix match. FTS5 operators are not interpreted.
    public var text: String?
    /// Keyset cursor: the `nextCursor` of the previous page.
    public var cursor: Int64?
    /// Page size (1 ... 1000).
    public var limit: Int
    /// Newest first (descending sequence) or oldest first.
    public var newestFirst: Bool

    public init(since: Date? = nil, until: Date? = nil, action: String? = nil, category: String? = nil,
                minimumScore: Double = 0.5, rule: String? = nil, apiKeyID: String? = nil, stage: String? = nil,
                text: String? = nil, cursor: Int64? = nil, limit: Int = 50, newestFirst: Bool = true) {
        self.since = since
        self.until = until
        self.action = action
        self.category = category
        self.minimumScore = minimumScore
        self.rule = rule
        self.apiKeyID = apiKeyID
        self.stage = stage
        self.text = text
        self.cursor = cursor
        self.limit = limit
        self.newestFirst = newestFirst
    }

    /// A bound SQL value.
    enum Parameter: Sendable {
        case integer(Int64)
        case real(Double)
        case text(String)
    }

    /// The WHERE clause (without `WHERE`, "1" when empty) and its parameters in order.
    func whereClause() throws -> (String, [Parameter]) {
        var clauses: [String] = []
        var parameters: [Parameter] = []
        if let since {
            clauses.append("time_us >= ?")
            parameters.append(.integer(Int64((since.timeIntervalSince1970 * 1_000_000).rounded())))
        }
        if let until {
            clauses.append("time_us < ?")
            parameters.append(.integer(Int64((until.timeIntervalSince1970 * 1_000_000).rounded())))
        }
        if let action { clauses.append("action = ?"); parameters.append(.text(action)) }
        if let apiKeyID { clauses.append("api_key_id = ?"); parameters.append(.text(apiKeyID)) }
        if let stage { clauses.append("stage = ?"); parameters.append(.text(stage)) }
        if let category {
            clauses.append("""
                EXISTS (SELECT 1 FROM json_each(audit_records.stages_json) AS st,
                        json_each(st.value, '$.scores') AS sc WHERE sc.key = ? AND sc.value >= ?)
                """)
            parameters.append(.text(category))
            parameters.append(.real(minimumScore))
        }
        if let rule {
            clauses.append("EXISTS (SELECT 1 FROM json_each(audit_records.deciding_rules_json) AS r WHERE r.value = ?)")
            parameters.append(.text(rule))
        }
        if let text {
            let match = try Self.ftsExpression(text)
            clauses.append("seq IN (SELECT rowid FROM audit_fts WHERE audit_fts MATCH ?)")
            parameters.append(.text(match))
        }
        if let cursor {
            clauses.append(newestFirst ? "seq < ?" : "seq > ?")
            parameters.append(.integer(cursor))
        }
        return (clauses.isEmpty ? "1" : clauses.joined(separator: " AND "), parameters)
    }

    /// Turns free text into an FTS5 expression of quoted terms (AND), keeping a trailing `*` as prefix.
    static func ftsExpression(_ text: String) throws -> String {
        let words = text.split(whereSeparator: { $0.isWhitespace }).map(String.init)
        let terms = words.compactMap { word -> String? in
            let prefix = word.hasSuffix("*")
            let body = prefix ? String(word.dropLast()) : word
            guard !body.isEmpty else { return nil }
            return "\"" + body.replacingOccurrences(of: "\"", with: "\"\"") + "\"" + (prefix ? "*" : "")
        }
        guard !terms.isEmpty else { throw AuditError.invalidInput(reason: "full-text search '\(text)' has no words") }
        return terms.joined(separator: " ")
    }
}

/// One page of query results and the cursor for the next one (nil on the last page).
public struct AuditPage: Sendable, Equatable {
    public var records: [AuditRecord]
    public var nextCursor: Int64?

    public init(records: [AuditRecord], nextCursor: Int64?) {
        self.records = records
        self.nextCursor = nextCursor
    }
}
