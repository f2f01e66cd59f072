/// Whether one record holds its place in the hash chain: its stored fields hash to its
/// `row_hash`, and its `prev_hash` is the `row_hash` of the row before it. (The whole chain,
/// deletions of the newest rows included, is checked by `AuditLog.verify()`.)
public struct AuditRecordChainStatus: Sendable, Codable, Equatable {
    /// The record's sequence number.
    public var sequence: Int64
    /// The stored fields hash to the stored `row_hash`.
    public var hashMatches: Bool
    /// `prev_hash` equals the previous row's `row_hash` (the genesis hash for row 1).
    public var linkMatches: Bool
    /// A sentence for the reviewer.
    public var detail: String

    /// Both checks passed.
    public var isIntact: Bool { hashMatches && linkMatches }

    public init(sequence: Int64, hashMatches: Bool, linkMatches: Bool, detail: String) {
        self.sequence = sequence
        self.hashMatches = hashMatches
        self.linkMatches = linkMatches
        self.detail = detail
    }
}
