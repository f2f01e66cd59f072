import ArgumentParser
import Audit
import Foundation

/// `warden bench audit`: durable decisions/s with group commit under N concurrent appenders.
struct BenchAuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Durable audit appends per second (group commit, WAL, synchronous=FULL).")

    @OptionGroup var data: DataDirectoryOption
    @Option(help: "Concurrent appenders.") var appenders: Int = 64
    @Option(help: "Decisions to append (after 200 warm-up ones).") var decisions: Int = 20_000

    func run() async throws {
        // A scratch log inside the data directory (same file system as the real log), removed after.
        let scratch = data.url.appendingPathComponent("bench-audit-\(UUID().uuidString)", isDirectory: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let report = try await AuditBenchmark.measure(scratch: scratch, appenders: appenders, decisions: decisions)
        print(report.table)
    }
}
