import ArgumentParser
import Audit
import Foundation
import Policy

/// `warden policy replay --candidate FILE [--since DATE]`: re-decide logged requests from their
/// stored screening signals with a candidate policy and print what would change.
struct PolicyReplayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Re-decide logged requests with a candidate policy; print what would change.")

    @OptionGroup var data: DataDirectoryOption
    @Option(help: "The candidate policy document (YAML).") var candidate: String
    @Option(help: "Only decisions at or after this date (YYYY-MM-DD or ISO 8601).") var since: String?
    @Option(help: "Examples printed per from->to change.") var examples: Int = 3

    func run() async throws {
        let url = URL(fileURLWithPath: candidate)
        let text = try String(contentsOf: url, encoding: .utf8)
        let policy = try PolicyCompiler.compile(text: text, source: url.path)
        let log = try AuditLog.open(dataDirectory: data.url)
        defer { log.close() }
        let report = try await ReplayEngine(log: log).replay(candidate: policy, since: try since.map(AuditQuery.parseDate),
                                                             examplesPerTransition: examples)
        print("candidate \(policy.id) version \(policy.version) (sha256 \(policy.sha256))")
        print(report.table)
    }
}
