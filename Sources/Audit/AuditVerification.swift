/// One place where the chain does not hold.
public struct AuditChainProblem: Sendable, Codable, Equatable, CustomStringConvertible {
    /// What kind of break this is.
    public enum Kind: String, Sendable, Codable {
        /// The row's stored fields do not hash to its `row_hash`: edited, or forged without
        /// recomputing the hash.
        case edited
        /// Sequence numbers are missing: rows were deleted (`sequence` is the first missing one).
        case missing
        /// The row's `prev_hash` is not the previous row's `row_hash`: a row was replaced or
        /// inserted with a recomputed hash.
        case brokenLink
        /// A row the log never wrote (beyond the recorded chain head, or a sequence below 1).
        case inserted
        /// The recorded head does not match the last row.
        case headMismatch
    }

    public var kind: Kind
    /// The row concerned (for `missing`, the first missing sequence number).
    public var sequence: Int64
    /// The row's decision id when the row exists.
    public var decisionID: String?
    /// A sentence for the operator.
    public var detail: String

    public init(kind: Kind, sequence: Int64, decisionID: String?, detail: String) {
        self.kind = kind
        self.sequence = sequence
        self.decisionID = decisionID
        self.detail = detail
    }

    public var description: String {
        "\(kind.rawValue) at sequence \(sequence)" + (decisionID.map { " (decision \($0))" } ?? "") + ": \(detail)"
    }
}

/// The result of `AuditLog.verify()`.
public struct AuditVerification: Sendable, Codable, Equatable {
    /// Rows read.
    public var rowsChecked: Int
    /// The chain head as recorded (sequence 0 and the genesis hash for an empty log).
    public var headSequence: Int64
    public var headHash: String
    /// Problems in chain order (at most `AuditLog.maximumReportedProblems`).
    public var problems: [AuditChainProblem]

    /// True when every row hashes correctly, links to its predecessor and the head matches.
    public var isIntact: Bool { problems.isEmpty }
    /// The first bad row, if any.
    public var firstProblem: AuditChainProblem? { problems.first }

    public init(rowsChecked: Int, headSequence: Int64, headHash: String, problems: [AuditChainProblem]) {
        self.rowsChecked = rowsChecked
        self.headSequence = headSequence
        self.headHash = headHash
        self.problems = problems
    }
}
