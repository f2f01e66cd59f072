import Audit
import Foundation
import Logging

/// What `warden generate` and `warden edit` do, so the CLI only parses flags: open the data
/// directory and the pipeline, run one request through ``GuardedGeneration`` with a progress
/// bar, write the PNGs, and say what happened (exit status 3 for a refusal or a hold).
public struct CommandLineGeneration: Sendable {
    /// What the command prints and the status it exits with.
    public struct Report: Sendable {
        public var exitCode: Int32
        /// For standard output.
        public var text: String
        /// The files written.
        public var files: [URL]
    }

    /// Exit status of a refused or held request.
    public static let refusedExitCode: Int32 = 3

    public let pipeline: GuardedGeneration
    public let audit: AuditLog

    /// Over an already built pipeline (tests, embedders).
    public init(pipeline: GuardedGeneration) {
        self.pipeline = pipeline
        self.audit = pipeline.audit
    }

    /// Opens `dataDirectory` (audit log, request store) and loads the models from `paths`.
    public init(paths: WardenPaths, dataDirectory: URL, logger: Logger) throws {
        let audit: AuditLog
        do { audit = try AuditLog.open(dataDirectory: dataDirectory) } catch {
            throw GatewayError.dataDirectoryUnusable(path: dataDirectory.path, reason: "audit log: \(error)")
        }
        let store = try RequestStore(dataDirectory: dataDirectory)
        let moderator = try PromptModerator.load(paths: paths)
        switch GuardedGeneration.load(moderator: .success(moderator), audit: audit, store: store, paths: paths, logger: logger) {
        case let .success(pipeline): self.pipeline = pipeline
        case let .failure(failure): throw GatewayError.serviceUnavailable(component: "the generation pipeline", reason: failure.reason)
        }
        self.audit = audit
    }

    /// Runs `request`, writing the images to `output` (`out.png`; with n > 1 `out-1.png` ...).
    public func run(_ request: ImageGenerationRequest, output: URL, json: Bool,
                    progress: @escaping @Sendable (GenerationStep) -> Void) async throws -> Report {
        let route = request.edit == nil ? "warden generate" : "warden edit"
        let outcome = try await pipeline.run(request, context: .commandLine(route: route), progress: progress)
        switch outcome {
        case let .completed(result):
            let files = Self.outputURLs(output, count: result.images.count)
            for (file, image) in zip(files, result.images) {
                do { try image.png.write(to: file, options: .atomic) } catch {
                    throw GatewayError.unreadableFile(path: file.path, reason: "cannot write: \(error.localizedDescription)")
                }
            }
            if json {
                let summary = ImageGenerationService.imagesResponse(result, format: .url, baseURL: "").warden
                return Report(exitCode: 0, text: Self.encode(CompletedSummary(files: files.map(\.path), warden: summary)), files: files)
            }
            var lines = files.map { "wrote \($0.path)" }
            lines.append("seed \(result.seed); request \(result.requestID); decisions: "
                         + (result.verdicts + result.images.map(\.verdict)).map { "\($0.stage) \($0.action)" }.joined(separator: ", "))
            return Report(exitCode: 0, text: lines.joined(separator: "\n"), files: files)
        case let .refused(refusal):
            return Report(exitCode: Self.refusedExitCode,
                          text: json ? Self.encode(refusal.verdict) : Self.explain(refusal.verdict), files: [])
        case let .held(held):
            let text = json ? Self.encode(held.verdict)
                : Self.explain(held.verdict) + "\nrequest \(held.id) is held in \(audit.dataDirectory.path); a reviewer can approve it with POST /v1/admin/reviews/\(held.id)/approve."
            return Report(exitCode: Self.refusedExitCode, text: text, files: [])
        }
    }

    /// Commits what the audit log has queued and closes it.
    public func close() {
        audit.close()
    }

    struct CompletedSummary: Encodable {
        var files: [String]
        var warden: ImagesResponse.Warden
    }

    /// `out.png` for one image; `out-1.png`, `out-2.png` ... for more.
    public static func outputURLs(_ output: URL, count: Int) -> [URL] {
        guard count > 1 else { return [output] }
        let stem = output.deletingPathExtension()
        let ext = output.pathExtension.isEmpty ? "png" : output.pathExtension
        return (1...count).map { URL(fileURLWithPath: "\(stem.path)-\($0).\(ext)") }
    }

    /// A refusal or hold for a person to read: the message, then each deciding rule.
    public static func explain(_ verdict: WardenVerdict) -> String {
        var lines = [verdict.message, "  stage: \(verdict.stage)   decision: \(verdict.action)   policy: \(verdict.policyID) v\(verdict.policyVersion)   id: \(verdict.decisionID)"]
        for rule in verdict.rules {
            lines.append("  rule \(rule.id) (\(rule.kind), \(rule.action)): \(rule.explanation)")
            if let suggestion = rule.suggestion { lines.append("    try: \(suggestion)") }
        }
        for span in verdict.matchedSpans {
            lines.append("  matched \"\(span.text)\" at \(span.start)..<\(span.end) (\(span.ruleID))")
        }
        return lines.joined(separator: "\n")
    }

    static func encode<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes, .prettyPrinted]
        return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}

/// A one-line text progress bar for generation steps.
public struct GenerationProgressBar: Sendable {
    public var width = 30
    public var imageCount: Int

    public init(imageCount: Int, width: Int = 30) {
        self.imageCount = max(1, imageCount)
        self.width = width
    }

    /// `base      [#########.....................]  9/25  image 1/2`
    public func render(_ step: GenerationStep) -> String {
        let total = max(1, step.totalSteps)
        let filled = min(width, width * step.step / total)
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
        let stage = step.stage.padding(toLength: 9, withPad: " ", startingAt: 0)
        return "\(stage) [\(bar)] \(String(format: "%3d", step.step))/\(total)  image \(step.imageIndex + 1)/\(imageCount)"
    }
}
