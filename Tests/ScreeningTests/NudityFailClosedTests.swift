import Foundation
import Testing
@testable import Screening

/// Fail closed: a copy of Models/nudity with model.safetensors missing, truncated or altered,
/// or a config.json without the weights' sha256, is refused with a typed error before any weight
/// is read (issue 11).
@Suite("Nudity classifier refuses missing, truncated or altered model files")
struct NudityFailClosedTests {
    static var source: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Models/nudity")
    }

    /// A temporary copy of config.json and model.safetensors, `damage` applied, then loaded.
    static func loadError(_ damage: (URL) throws -> Void) throws -> ScreeningError? {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("warden-nudity-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        for name in ["config.json", "model.safetensors"] {
            try FileManager.default.copyItem(at: source.appendingPathComponent(name),
                                             to: directory.appendingPathComponent(name))
        }
        try damage(directory)
        do {
            _ = try NudityClassifier.load(modelDirectory: directory)
            return nil
        } catch {
            return error
        }
    }

    @Test("the intact copy loads")
    func intact() throws {
        #expect(try Self.loadError { _ in } == nil)
    }

    @Test("a missing weights file is unreadable")
    func missing() throws {
        let error = try Self.loadError { try FileManager.default.removeItem(at: $0.appendingPathComponent("model.safetensors")) }
        guard case let .modelFileUnreadable(path, _)? = error else {
            Issue.record("expected modelFileUnreadable, got \(String(describing: error))")
            return
        }
        #expect(path.hasSuffix("model.safetensors"))
    }

    @Test("a truncated weights file fails its sha256 check (not a parse error)")
    func truncated() throws {
        let error = try Self.loadError { directory in
            let url = directory.appendingPathComponent("model.safetensors")
            try Data(try Data(contentsOf: url).prefix(1 << 16)).write(to: url)
        }
        guard case let .weightsDigestMismatch(file, expected, actual)? = error else {
            Issue.record("expected weightsDigestMismatch, got \(String(describing: error))")
            return
        }
        #expect(file.hasSuffix("model.safetensors") && expected != actual)
    }

    @Test("one changed bit in the weights fails the sha256 check")
    func altered() throws {
        let error = try Self.loadError { directory in
            let url = directory.appendingPathComponent("model.safetensors")
            var data = try Data(contentsOf: url)
            data[data.count - 5] ^= 0x01
            try data.write(to: url)
        }
        guard case .weightsDigestMismatch? = error else {
            Issue.record("expected weightsDigestMismatch, got \(String(describing: error))")
            return
        }
    }

    @Test("a config.json without weights.sha256 is refused")
    func configWithoutDigest() throws {
        let error = try Self.loadError { directory in
            let url = directory.appendingPathComponent("config.json")
            guard var object = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any],
                  var weights = object["weights"] as? [String: Any] else { return }
            weights.removeValue(forKey: "sha256")
            object["weights"] = weights
            try JSONSerialization.data(withJSONObject: object).write(to: url)
        }
        guard case .configInvalid? = error else {
            Issue.record("expected configInvalid, got \(String(describing: error))")
            return
        }
    }
}
