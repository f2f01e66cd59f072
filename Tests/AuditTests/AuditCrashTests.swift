import Audit
import Foundation
import Synchronization
import Testing

/// Kills a `warden audit soak` child with SIGKILL while it appends; every decision id it printed
/// (printed only after `append` returned) must be in the log and the chain must verify.
@Suite("Audit crash safety", .serialized)
struct AuditCrashTests {
    /// The built `warden` next to the test bundle (`$WARDEN_BINARY` overrides).
    static func wardenBinary() -> URL? {
        if let explicit = ProcessInfo.processInfo.environment["WARDEN_BINARY"] {
            return URL(fileURLWithPath: explicit)
        }
        let selfPath = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? CommandLine.arguments.first ?? ""
        var folder = URL(fileURLWithPath: selfPath).deletingLastPathComponent()
        // On macOS the test binary sits inside WardenPackageTests.xctest/Contents/MacOS.
        for _ in 0..<4 {
            let candidate = folder.appendingPathComponent("warden")
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isDirectory), !isDirectory.boolValue,
               FileManager.default.isExecutableFile(atPath: candidate.path) {
                return candidate
            }
            folder.deleteLastPathComponent()
        }
        return nil
    }

    /// Collects a pipe's output on a thread until EOF.
    final class OutputCollector: Sendable {
        private let buffer = Mutex(Data())
        private let done = DispatchSemaphore(value: 0)

        init(_ handle: FileHandle) {
            let thread = Thread { [self] in
                while true {
                    let chunk = handle.availableData
                    if chunk.isEmpty { break }
                    buffer.withLock { $0.append(chunk) }
                }
                done.signal()
            }
            thread.start()
        }

        /// Complete lines so far (a line without its newline may be cut by the kill: not acknowledged).
        var completeLines: [String] {
            let text = buffer.withLock { String(decoding: $0, as: UTF8.self) }
            var lines = text.components(separatedBy: "\n")
            lines.removeLast()
            return lines
        }

        func waitForEOF(timeout: TimeInterval) -> Bool { done.wait(timeout: .now() + timeout) == .success }
    }

    @Test("SIGKILL during appends loses no acknowledged decision and the chain verifies after restart",
          .enabled(if: wardenBinary() != nil, "warden is not built next to the tests: run `swift build --product warden` first"))
    func sigkillDuringAppends() async throws {
        let binary = try #require(Self.wardenBinary())
        let dir = try TemporaryDataDirectory()
        defer { dir.remove() }
        var acknowledgedTotal = 0
        for round in 1...3 {
            let process = Process()
            process.executableURL = binary
            process.arguments = ["audit", "soak", "--data-dir", dir.url.path, "--count", "1000000", "--concurrency", "16"]
            let stdout = Pipe()
            process.standardOutput = stdout
            process.standardError = FileHandle.nullDevice
            try process.run()
            let collector = OutputCollector(stdout.fileHandleForReading)
            // Wait until it is appending, then kill at a random moment under load.
            let deadline = Date().addingTimeInterval(60)
            while collector.completeLines.count < 50 && Date() < deadline && process.isRunning {
                try await Task.sleep(for: .milliseconds(20))
            }
            try await Task.sleep(for: .milliseconds(Int.random(in: 0...400)))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            #expect(process.terminationReason == .uncaughtSignal, "round \(round): the child was not killed")
            #expect(collector.waitForEOF(timeout: 10))
            let acknowledged = collector.completeLines
            #expect(acknowledged.count >= 50, "round \(round): the child acknowledged only \(acknowledged.count)")
            acknowledgedTotal += acknowledged.count

            let log = try AuditLog.open(dataDirectory: dir.url)
            defer { log.close() }
            var missing: [String] = []
            for line in acknowledged {
                guard let id = UUID(uuidString: line) else { missing.append("unparseable '\(line)'"); continue }
                if try await log.record(decisionID: id) == nil { missing.append(line) }
            }
            #expect(missing.isEmpty, "round \(round): \(missing.count) acknowledged ids missing, first \(missing.prefix(3))")
            let check = try await log.verify()
            #expect(check.isIntact, "round \(round): \(check.problems.prefix(3))")
            #expect(check.rowsChecked >= acknowledgedTotal)
        }
    }
}
