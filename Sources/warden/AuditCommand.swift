import ArgumentParser
import Audit
import Foundation

/// `warden audit ...`: review the decision log.
struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Review, verify and export the audit log.",
        subcommands: [AuditListCommand.self, AuditShowCommand.self, AuditVerifyCommand.self,
                      AuditExportCommand.self, AuditPurgeImagesCommand.self, AuditSoakCommand.self])
}

/// `--data-dir`, shared by every command that opens the data directory.
struct DataDirectoryOption: ParsableArguments {
    @Option(name: .customLong("data-dir"), help: "Data directory (holds audit.sqlite3 and images/).")
    var dataDirectory: String = "./var"

    var url: URL { URL(fileURLWithPath: dataDirectory, isDirectory: true) }
}

/// Filters shared by `audit list` and `audit export`.
struct AuditFilterOptions: ParsableArguments {
    @Option(help: "Decisions at or after this date (YYYY-MM-DD or ISO 8601).") var since: String?
    @Option(help: "Decisions before this date.") var until: String?
    @Option(help: "Only this action: allow, block, review, warn.") var action: String?
    @Option(help: "Only decisions where a stage scored this category at or above --min-score.") var category: String?
    @Option(name: .customLong("min-score"), help: "Threshold for --category.") var minimumScore: Double = 0.5
    @Option(help: "Only decisions decided by this rule id.") var rule: String?
    @Option(help: "Only this API key id.") var key: String?
    @Option(help: "Only this deciding stage: prompt, input_image, output_image.") var stage: String?
    @Option(help: "Full-text search over prompts (all words; word* for a prefix).") var search: String?

    func query() throws -> AuditQuery {
        AuditQuery(since: try since.map(AuditQuery.parseDate), until: try until.map(AuditQuery.parseDate),
                   action: action, category: category, minimumScore: minimumScore, rule: rule, apiKeyID: key,
                   stage: stage, text: search)
    }
}

/// `warden audit list`: one line per decision, newest first, a page at a time.
struct AuditListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List decisions, newest first.")

    @OptionGroup var data: DataDirectoryOption
    @OptionGroup var filters: AuditFilterOptions
    @Option(help: "Page size.") var limit: Int = 50
    @Option(help: "Continue from this cursor (printed at the end of the previous page).") var cursor: Int64?
    @Flag(help: "Oldest first.") var oldestFirst = false

    func run() async throws {
        let log = try AuditLog.open(dataDirectory: data.url)
        defer { log.close() }
        var query = try filters.query()
        query.limit = limit
        query.cursor = cursor
        query.newestFirst = !oldestFirst
        let page = try await log.query(query)
        for record in page.records { print(record.summaryLine) }
        if let next = page.nextCursor { print("-- more: --cursor \(next)") }
    }
}

/// `warden audit show ID`: one decision in full.
struct AuditShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show one decision (decision id or sequence number).")

    @OptionGroup var data: DataDirectoryOption
    @Argument(help: "Decision id (UUID) or sequence number.") var identifier: String

    func run() async throws {
        let log = try AuditLog.open(dataDirectory: data.url)
        defer { log.close() }
        let record: AuditRecord?
        if let uuid = UUID(uuidString: identifier) {
            record = try await log.record(decisionID: uuid)
        } else if let sequence = Int64(identifier) {
            record = try await log.record(sequence: sequence)
        } else {
            throw AuditError.invalidInput(reason: "'\(identifier)' is neither a decision id nor a sequence number")
        }
        guard let record else { throw AuditError.recordNotFound(identifier: identifier) }
        print(String(decoding: try record.exportJSON(pretty: true), as: UTF8.self))
    }
}

/// `warden audit verify`: re-hash the chain; exit status 1 when it is broken.
struct AuditVerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "verify", abstract: "Verify the hash chain; name every bad row.")

    @OptionGroup var data: DataDirectoryOption

    func run() async throws {
        let log = try AuditLog.open(dataDirectory: data.url)
        defer { log.close() }
        let result = try await log.verify()
        if result.isIntact {
            print("audit chain intact: \(result.rowsChecked) rows, head \(result.headSequence) \(result.headHash)")
            return
        }
        print("audit chain BROKEN: \(result.problems.count) problem(s) in \(result.rowsChecked) rows")
        for problem in result.problems { print("  \(problem)") }
        throw ExitCode(1)
    }
}

/// `warden audit export --jsonl`: every matching decision as one JSON object per line on stdout.
struct AuditExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "export", abstract: "Export decisions as JSON lines.")

    @OptionGroup var data: DataDirectoryOption
    @OptionGroup var filters: AuditFilterOptions
    @Flag(help: "JSON Lines (the only format).") var jsonl = false

    func run() async throws {
        guard jsonl else { throw ValidationError("choose a format: --jsonl") }
        let log = try AuditLog.open(dataDirectory: data.url)
        defer { log.close() }
        let output = FileHandle.standardOutput
        try await log.export(jsonl: try filters.query()) { try output.write(contentsOf: $0) }
    }
}

/// `warden audit soak` (hidden): appends synthetic decisions under load and prints each decision
/// id once its append has returned (durable). The crash test kills it with SIGKILL.
struct AuditSoakCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "soak", abstract: "Append under load (crash test).",
                                                    shouldDisplay: false)

    @OptionGroup var data: DataDirectoryOption
    @Option(help: "Decisions to append.") var count: Int = 10_000
    @Option(help: "Concurrent appenders.") var concurrency: Int = 16

    func run() async throws {
        let log = try AuditLog.open(dataDirectory: data.url)
        defer { log.close() }
        let output = FileHandle.standardOutput
        try await AuditLoad.run(log: log, count: count, concurrency: concurrency) { record, _ in
            // One write(2) per line, unbuffered: a line on stdout means the row is durable.
            output.write(Data((record.decisionID.uuidString.lowercased() + "\n").utf8))
        }
    }
}

/// `warden audit purge-images --days N`: delete stored images older than N days (rows keep the hashes).
struct AuditPurgeImagesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "purge-images",
                                                    abstract: "Delete stored output images older than the retention.")

    @OptionGroup var data: DataDirectoryOption
    @Option(help: "Retention in days.") var days: Int

    func run() async throws {
        let log = try AuditLog.open(dataDirectory: data.url, configuration: AuditConfiguration(imageRetentionDays: days))
        defer { log.close() }
        print("purged \(try log.purgeExpiredImages()) image(s) older than \(days) days")
    }
}
