import Foundation
import Logging
import Storage

/// Settings for `AuditLog.open`.
public struct AuditConfiguration: Sendable, Equatable {
    /// Most drafts written in one transaction.
    public var maxBatch: Int
    /// Stored images older than this many days are purged by `purgeExpiredImages` (nil: keep forever).
    public var imageRetentionDays: Int?

    public init(maxBatch: Int = 1_024, imageRetentionDays: Int? = nil) {
        self.maxBatch = maxBatch
        self.imageRetentionDays = imageRetentionDays
    }
}

/// The durable, hash-chained decision log in `<data-dir>/audit.sqlite3`.
///
///     let log = try AuditLog.open(dataDirectory: URL(fileURLWithPath: "var"))
///     let record = try await log.append(draft)      // returns after the row is durable
///     let page = try await log.query(AuditQuery(action: "block", limit: 20))
///     let check = try await log.verify()            // names the first bad row
///     log.close()
///
/// Writes go through one group-commit writer thread (`AuditWriter`); reads go through an actor
/// with its own connection. Several `AuditLog`s may open the same file (even from different
/// processes): the chain head is read inside each write transaction.
public final class AuditLog: Sendable {
    /// Problems `verify` reports at most.
    public static let maximumReportedProblems = 1_000

    /// The data directory and the database file inside it.
    public let dataDirectory: URL
    public let databasePath: String
    /// Images by hash under `<data-dir>/images`.
    public let images: AuditImageStore
    public let configuration: AuditConfiguration
    private let writer: AuditWriter
    let reader: AuditReader
    private let logger = Logger(label: "warden.audit")

    /// Opens (creating and migrating when needed) the log under `dataDirectory`.
    public static func open(dataDirectory: URL, configuration: AuditConfiguration = AuditConfiguration()) throws -> AuditLog {
        try AuditLog(dataDirectory: dataDirectory, configuration: configuration)
    }

    /// Opens (creating and migrating when needed) the log under `dataDirectory`.
    public init(dataDirectory: URL, configuration: AuditConfiguration = AuditConfiguration()) throws {
        do {
            try FileManager.default.createDirectory(at: dataDirectory, withIntermediateDirectories: true)
        } catch {
            throw AuditError.dataDirectory(path: dataDirectory.path, reason: error.localizedDescription)
        }
        let path = dataDirectory.appendingPathComponent("audit.sqlite3").path
        try Self.migrate(path: path)
        self.dataDirectory = dataDirectory
        self.databasePath = path
        self.configuration = configuration
        self.images = AuditImageStore(directory: dataDirectory.appendingPathComponent("images", isDirectory: true))
        do {
            self.reader = try AuditReader(path: path)
        } catch {
            throw AuditError.wrap("opening the audit reader", error)
        }
        self.writer = AuditWriter(path: path, maxBatch: configuration.maxBatch)
    }

    /// Applies `AuditSchema.migrations` to the file at `path`.
    static func migrate(path: String) throws {
        do {
            let database = try Database(path: path)
            try database.configure(journal: .wal, synchronous: .full)
            try Migrator(migrations: AuditSchema.migrations).migrate(database)
        } catch {
            throw AuditError.wrap("migrating \(path)", error)
        }
    }

    /// Appends one decision. Returns only after the transaction holding its row has committed
    /// with `synchronous=FULL` (the WAL is fsynced): a caller may then send the response.
    public func append(_ draft: AuditRecordDraft) async throws -> AuditRecord {
        try await withCheckedThrowingContinuation { continuation in
            writer.submit(draft, continuation: continuation)
        }
    }

    /// Commits what is queued and stops the writer; later appends fail with `AuditError.closed`.
    public func close() {
        writer.close()
    }

    deinit {
        writer.close()
    }

    /// Group-commit figures since open: transactions and rows committed.
    public var commitStatistics: (batches: Int, rows: Int) { writer.statistics }

    /// One page of records matching `query` (keyset pagination: pass `nextCursor` back as `cursor`).
    public func query(_ query: AuditQuery) async throws -> AuditPage {
        try await reader.query(query)
    }

    /// The record with this decision id, or nil.
    public func record(decisionID: UUID) async throws -> AuditRecord? {
        try await reader.record(decisionID: decisionID)
    }

    /// The record at this sequence number, or nil.
    public func record(sequence: Int64) async throws -> AuditRecord? {
        try await reader.record(sequence: sequence)
    }

    /// Checks one record's hash and its link to the record before (nil when there is no such row).
    public func chainStatus(sequence: Int64) async throws -> AuditRecordChainStatus? {
        try await reader.chainStatus(sequence: sequence)
    }

    /// Re-hashes the whole chain and names every edited, inserted or deleted row.
    public func verify() async throws -> AuditVerification {
        let result = try await reader.verify(maximumProblems: Self.maximumReportedProblems)
        if let first = result.firstProblem {
            logger.error("audit chain broken", metadata: ["first": "\(first)", "problems": "\(result.problems.count)"])
        }
        return result
    }

    /// Writes every record matching `query` (its cursor/limit/order ignored: all, oldest first)
    /// as one JSON object per line to `write`; returns the number of lines.
    @discardableResult
    public func export(jsonl query: AuditQuery, to write: (Data) throws -> Void) async throws -> Int {
        var page = query
        page.cursor = nil
        page.limit = 500
        page.newestFirst = false
        var count = 0
        while true {
            let result = try await reader.query(page)
            for record in result.records {
                var line = try AuditExport.jsonLine(record)
                line.append(0x0a)
                try write(line)
                count += 1
            }
            guard let next = result.nextCursor else { return count }
            page.cursor = next
        }
    }

    /// Deletes stored images older than `configuration.imageRetentionDays` (rows keep the hashes).
    @discardableResult
    public func purgeExpiredImages(now: Date = Date()) throws -> Int {
        guard let days = configuration.imageRetentionDays else { return 0 }
        return try images.purge(olderThanDays: days, now: now)
    }
}
