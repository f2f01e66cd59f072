import Foundation
import Tensor
import Testing
@testable import Screening

/// Fail closed: a copy of Models/prompt-classifier with heads.safetensors missing, truncated or
/// altered, or a config.json without the weights' sha256, is refused before any weight is read.
@Suite("Prompt classifier refuses missing, truncated or altered model files")
struct PromptClassifierFailClosedTests {
    /// `config` (config.json bytes) with `weights.sha256` set to `digest`, or removed when nil.
    static func config(_ config: Data, settingDigest digest: String?) throws -> Data {
        guard var object = try JSONSerialization.jsonObject(with: config) as? [String: Any],
              var weights = object["weights"] as? [String: Any] else {
            throw ScreeningError.configInvalid(file: "config.json", reason: "no weights object")
        }
        weights["sha256"] = digest
        object["weights"] = weights
        return try JSONSerialization.data(withJSONObject: object)
    }

    /// A temporary model folder: the real config.json (or `config`) and `weights` as heads.safetensors.
    static func loadError(config: Data? = nil, weights: Data?) throws -> ScreeningError? {
        let source = PromptClassifierGolden.modelDirectory
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("warden-cls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try (config ?? Data(contentsOf: source.appendingPathComponent("config.json")))
            .write(to: directory.appendingPathComponent("config.json"))
        try weights?.write(to: directory.appendingPathComponent("heads.safetensors"))
        do {
            _ = try PromptClassifier(directory: directory)
            return nil
        } catch {
            return error
        }
    }

    static var heads: Data {
        get throws { try Data(contentsOf: PromptClassifierGolden.modelDirectory.appendingPathComponent("heads.safetensors")) }
    }

    @Test("the repository's files load")
    func intact() throws {
        #expect(try Self.loadError(weights: try Self.heads) == nil)
    }

    @Test("a missing heads.safetensors is unreadable")
    func missing() throws {
        guard case let .modelFileUnreadable(path, reason)? = try Self.loadError(weights: nil) else {
            Issue.record("expected modelFileUnreadable")
            return
        }
        #expect(path.hasSuffix("heads.safetensors"))
        #expect(reason == "no such file")
    }

    @Test("a truncated heads.safetensors fails its sha256 check (not a parse error)")
    func truncated() throws {
        let error = try Self.loadError(weights: try Self.heads.prefix(4096))
        guard case let .weightsDigestMismatch(path, expected, actual)? = error else {
            Issue.record("expected weightsDigestMismatch, got \(String(describing: error))")
            return
        }
        #expect(path.hasSuffix("heads.safetensors"))
        #expect(expected != actual)
    }

    @Test("a heads.safetensors with one weight changed fails its sha256 check")
    func altered() throws {
        var data = try Self.heads
        data[data.count - 3] ^= 0x40  // a bit of the last bias: the file still parses
        let error = try Self.loadError(weights: data)
        guard case .weightsDigestMismatch? = error else {
            Issue.record("expected weightsDigestMismatch, got \(String(describing: error))")
            return
        }
        #expect(error?.description.contains("truncated, altered or replaced") == true)
    }

    @Test("a config.json without weights.sha256 is refused")
    func configWithoutDigest() throws {
        let config = try Self.config(
            Data(contentsOf: PromptClassifierGolden.modelDirectory.appendingPathComponent("config.json")), settingDigest: nil)
        let error = try Self.loadError(config: config, weights: try Self.heads)
        guard case let .configInvalid(_, reason)? = error else {
            Issue.record("expected configInvalid, got \(String(describing: error))")
            return
        }
        #expect(reason.contains("sha256"))
    }
}
