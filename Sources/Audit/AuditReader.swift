import Foundation
import Storage

/// The read side of the audit log: its own connection (WAL lets it read beside the writer),
/// owned by this actor.
actor AuditReader {
    private let database: Database

    init(path: String) throws {
        let database = try Database(path: path)
        try database.configure(journal: .wal, synchronous: .full)
        self.database = database
    }

    /// One page of records matching `query`.
    func query(_ query: AuditQuery) throws -> AuditPage {
        guard (1...1000).contains(query.limit) else {
            throw AuditError.invalidInput(reason: "page size \(query.limit) is outside 1...1000")
        }
        let (clause, parameters) = try query.whereClause()
        let order = query.newestFirst ? "DESC" : "ASC"
        let sql = "SELECT \(AuditRow.columns) FROM audit_records WHERE \(clause) ORDER BY seq \(order) LIMIT ?"
        do {
            let statement = try database.prepare(sql)
            try Self.bind(parameters + [.integer(Int64(query.limit + 1))], to: statement)
            var rows: [AuditRow] = []
            while try statement.step() { rows.append(AuditRow(statement: statement)) }
            let more = rows.count > query.limit
            if more { rows.removeLast() }
            return AuditPage(records: try rows.map { try $0.record() }, nextCursor: more ? rows.last?.sequence : nil)
        } catch {
            throw AuditError.wrap("querying the audit log", error)
        }
    }

    /// The record with this decision id, or nil.
    func record(decisionID: UUID) throws -> AuditRecord? {
        try record(where: "decision_id = ?", .text(decisionID.uuidString.lowercased()))
    }

    /// The record at this sequence number, or nil.
    func record(sequence: Int64) throws -> AuditRecord? {
        try record(where: "seq = ?", .integer(sequence))
    }

    private func record(where clause: String, _ parameter: AuditQuery.Parameter) throws -> AuditRecord? {
        do {
            let statement = try database.prepare("SELECT \(AuditRow.columns) FROM audit_records WHERE \(clause)")
            try Self.bind([parameter], to: statement)
            guard try statement.step() else { return nil }
            return try AuditRow(statement: statement).record()
        } catch {
            throw AuditError.wrap("reading a record", error)
        }
    }

    /// Checks one row's hash and its link to the row before (nil when the row does not exist).
    func chainStatus(sequence: Int64) throws -> AuditRecordChainStatus? {
        do {
            return try database.transaction(.deferred) {
                let select = try database.prepare("SELECT \(AuditRow.columns) FROM audit_records WHERE seq = ?")
                try select.bind(1, sequence)
                guard try select.step() else { return nil }
                let row = AuditRow(statement: select)
                let hashMatches = AuditChain.expectedHash(of: row) == row.rowHash
                let expectedPrevious: String?
                if sequence == 1 {
                    expectedPrevious = AuditChain.genesisHash
                } else {
                    let previous = try database.prepare("SELECT row_hash FROM audit_records WHERE seq = ?")
                    try previous.bind(1, sequence - 1)
                    expectedPrevious = try previous.step() ? previous.string(0) : nil
                }
                let linkMatches = expectedPrevious == row.previousHash
                var problems: [String] = []
                if !hashMatches { problems.append("the stored fields do not hash to the row's row_hash (edited or forged)") }
                if expectedPrevious == nil {
                    problems.append("row \(sequence - 1) is missing (deleted)")
                } else if !linkMatches {
                    problems.append("prev_hash is not the row_hash of row \(sequence - 1)")
                }
                return AuditRecordChainStatus(sequence: sequence, hashMatches: hashMatches, linkMatches: linkMatches,
                                              detail: problems.isEmpty ? "the row hashes correctly and links to the row before"
                                                  : problems.joined(separator: "; "))
            }
        } catch {
            throw AuditError.wrap("checking row \(sequence) of the chain", error)
        }
    }

    /// Walks the whole chain inside one read transaction (a consistent snapshot).
    func verify(maximumProblems: Int) throws -> AuditVerification {
        do {
            return try database.transaction(.deferred) {
                var problems: [AuditChainProblem] = []
                func report(_ problem: AuditChainProblem) {
                    if problems.count < maximumProblems { problems.append(problem) }
                }
                let headStatement = try database.prepare("SELECT seq, row_hash FROM audit_chain_head WHERE id = 1")
                let head: (Int64, String)? = try headStatement.step()
                    ? (headStatement.int64(0), headStatement.string(1)) : nil
                let rows = try database.prepare("SELECT \(AuditRow.columns) FROM audit_records ORDER BY seq")
                var expectedSequence: Int64 = 1
                var expectedPrevious = AuditChain.genesisHash
                var count = 0
                var last: AuditRow?
                while try rows.step() {
                    let row = AuditRow(statement: rows)
                    count += 1
                    var gap = false
                    if row.sequence > expectedSequence {
                        gap = true
                        let range = expectedSequence == row.sequence - 1
                            ? "row \(expectedSequence) is" : "rows \(expectedSequence)...\(row.sequence - 1) are"
                        report(AuditChainProblem(kind: .missing, sequence: expectedSequence, decisionID: nil,
                                                 detail: "\(range) missing (deleted); the next row present is \(row.sequence) (decision \(row.decisionID))"))
                    } else if row.sequence < expectedSequence {
                        report(AuditChainProblem(kind: .inserted, sequence: row.sequence, decisionID: row.decisionID,
                                                 detail: "sequence numbers start at 1; this row was not written by the log"))
                    }
                    if AuditChain.expectedHash(of: row) != row.rowHash {
                        report(AuditChainProblem(kind: .edited, sequence: row.sequence, decisionID: row.decisionID,
                                                 detail: "the stored fields do not hash to the row's row_hash (edited or forged)"))
                    }
                    if !gap && row.previousHash != expectedPrevious {
                        report(AuditChainProblem(kind: .brokenLink, sequence: row.sequence, decisionID: row.decisionID,
                                                 detail: "prev_hash is not the row_hash of row \(row.sequence - 1) (a row was replaced or inserted before it)"))
                    }
                    expectedSequence = max(expectedSequence, row.sequence + 1)
                    expectedPrevious = row.rowHash
                    last = row
                }
                let lastSequence = last?.sequence ?? 0
                if let (headSequence, headHash) = head {
                    if headSequence > lastSequence {
                        let range = headSequence == lastSequence + 1
                            ? "row \(headSequence) is" : "rows \(lastSequence + 1)...\(headSequence) are"
                        report(AuditChainProblem(kind: .missing, sequence: lastSequence + 1, decisionID: nil,
                                                 detail: "\(range) missing (the newest rows were deleted); the head records \(headSequence)"))
                    } else if headSequence < lastSequence {
                        let forged = try firstRow(after: headSequence)
                        report(AuditChainProblem(kind: .inserted, sequence: forged?.sequence ?? headSequence + 1,
                                                 decisionID: forged?.decisionID,
                                                 detail: "row is beyond the recorded chain head (\(headSequence)); the log never wrote it"))
                    } else if let last, headHash != last.rowHash {
                        report(AuditChainProblem(kind: .headMismatch, sequence: last.sequence, decisionID: last.decisionID,
                                                 detail: "the recorded head hash differs from the last row's row_hash"))
                    }
                } else if let first = try firstRow(after: 0) {
                    report(AuditChainProblem(kind: .headMismatch, sequence: first.sequence, decisionID: first.decisionID,
                                             detail: "rows exist but the chain head record is missing"))
                }
                return AuditVerification(rowsChecked: count, headSequence: head?.0 ?? 0,
                                         headHash: head?.1 ?? AuditChain.genesisHash, problems: problems)
            }
        } catch {
            throw AuditError.wrap("verifying the audit chain", error)
        }
    }

    private func firstRow(after sequence: Int64) throws -> AuditRow? {
        let statement = try database.prepare("SELECT \(AuditRow.columns) FROM audit_records WHERE seq > ? ORDER BY seq LIMIT 1")
        try statement.bind(1, sequence)
        return try statement.step() ? AuditRow(statement: statement) : nil
    }

    /// Rows with a stored policy input, oldest first, after `cursor`, at or after `since`.
    func replayRows(since: Date?, after cursor: Int64, limit: Int) throws -> [ReplayEngine.StoredDecision] {
        var sql = "SELECT seq, decision_id, action, deciding_rules_json, policy_input_json, prompt FROM audit_records WHERE seq > ?"
        var parameters: [AuditQuery.Parameter] = [.integer(cursor)]
        if let since {
            sql += " AND time_us >= ?"
            parameters.append(.integer(Int64((since.timeIntervalSince1970 * 1_000_000).rounded())))
        }
        sql += " ORDER BY seq LIMIT ?"
        parameters.append(.integer(Int64(limit)))
        do {
            let statement = try database.prepare(sql)
            try Self.bind(parameters, to: statement)
            var out: [ReplayEngine.StoredDecision] = []
            while try statement.step() {
                let rules = (try? JSONDecoder().decode([String].self, from: Data(statement.string(3).utf8))) ?? []
                out.append(ReplayEngine.StoredDecision(
                    sequence: statement.int64(0), decisionID: statement.string(1), action: statement.string(2),
                    decidingRules: rules, policyInputJSON: statement.optionalString(4), prompt: statement.string(5)))
            }
            return out
        } catch {
            throw AuditError.wrap("reading stored decisions for replay", error)
        }
    }

    private static func bind(_ parameters: [AuditQuery.Parameter], to statement: Statement) throws {
        for (offset, parameter) in parameters.enumerated() {
            let index = Int32(offset + 1)
            switch parameter {
            case let .integer(value): try statement.bind(index, value)
            case let .real(value): try statement.bind(index, value)
            case let .text(value): try statement.bind(index, value)
            }
        }
    }
}
