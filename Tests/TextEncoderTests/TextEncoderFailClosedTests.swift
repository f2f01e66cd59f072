import Foundation
import Tensor
import Testing
@testable import TextEncoder

/// Fail closed: a copy of Models/text-encoder in a temporary folder with one file missing,
/// truncated or altered is refused with a typed error naming the file, before any weight is read.
@Suite("Text encoder refuses missing, truncated or altered model files")
struct TextEncoderFailClosedTests {
    /// A temporary copy of the model folder: config.json, model.safetensors and vocab.txt,
    /// symbolic links except the files the test rewrites.
    struct ModelCopy {
        let directory: URL

        init() throws {
            directory = FileManager.default.temporaryDirectory
                .appendingPathComponent("warden-text-encoder-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            for name in ["config.json", "model.safetensors", "vocab.txt"] {
                try FileManager.default.createSymbolicLink(
                    at: directory.appendingPathComponent(name),
                    withDestinationURL: TextEncoderGolden.directory.appendingPathComponent(name))
            }
        }

        func url(_ name: String) -> URL { directory.appendingPathComponent(name) }

        /// Replaces the link `name` with `data`.
        func write(_ name: String, _ data: Data) throws {
            try FileManager.default.removeItem(at: url(name))
            try data.write(to: url(name))
        }

        func original(_ name: String) throws -> Data {
            try Data(contentsOf: TextEncoderGolden.directory.appendingPathComponent(name))
        }

        func remove() { try? FileManager.default.removeItem(at: directory) }

        func loadError() -> TextEncoderError? {
            do {
                _ = try MiniLMEncoder(directory: directory)
                return nil
            } catch let error as TextEncoderError {
                return error
            } catch {
                Issue.record("untyped error \(error)")
                return nil
            }
        }
    }

    @Test("a missing weights file is refused")
    func missingWeights() throws {
        let copy = try ModelCopy()
        defer { copy.remove() }
        try FileManager.default.removeItem(at: copy.url("model.safetensors"))
        #expect(copy.loadError() == .modelFileMissing(path: copy.url("model.safetensors").path))
    }

    @Test("a truncated weights file fails its sha256 check (not a parse error)")
    func truncatedWeights() throws {
        let copy = try ModelCopy()
        defer { copy.remove() }
        try copy.write("model.safetensors", try copy.original("model.safetensors").prefix(1 << 20))
        guard case let .integrityCheckFailed(.digestMismatch(file, _, _))? = copy.loadError() else {
            Issue.record("expected integrityCheckFailed(digestMismatch), got \(String(describing: copy.loadError()))")
            return
        }
        #expect(file == copy.url("model.safetensors").path)
    }

    @Test("a weights file with one byte changed fails its sha256 check")
    func alteredWeights() throws {
        let copy = try ModelCopy()
        defer { copy.remove() }
        var data = try copy.original("model.safetensors")
        data[data.count - 7] ^= 0x01  // one bit of the last tensor's data: still a valid safetensors file
        try copy.write("model.safetensors", data)
        guard case .integrityCheckFailed(.digestMismatch)? = copy.loadError() else {
            Issue.record("expected integrityCheckFailed(digestMismatch), got \(String(describing: copy.loadError()))")
            return
        }
        #expect(copy.loadError()?.description.contains("integrity check") == true)
    }

    @Test("an altered vocab.txt fails its sha256 check")
    func alteredVocabulary() throws {
        let copy = try ModelCopy()
        defer { copy.remove() }
        var text = String(decoding: try copy.original("vocab.txt"), as: UTF8.self)
        text = text.replacingOccurrences(of: "\nbomb\n", with: "\nbomc\n")
        try copy.write("vocab.txt", Data(text.utf8))
        guard case let .integrityCheckFailed(.digestMismatch(file, _, _))? = copy.loadError() else {
            Issue.record("expected integrityCheckFailed(digestMismatch), got \(String(describing: copy.loadError()))")
            return
        }
        #expect(file == copy.url("vocab.txt").path)
    }

    @Test("a config.json without the weights' sha256 is refused", arguments: ["weights", "vocab_sha256"])
    func configWithoutDigest(key: String) throws {
        let copy = try ModelCopy()
        defer { copy.remove() }
        var object = try #require(try JSONSerialization.jsonObject(with: try copy.original("config.json")) as? [String: Any])
        if key == "weights", var weights = object["weights"] as? [String: Any] {
            weights.removeValue(forKey: "sha256")
            object["weights"] = weights
        } else {
            object.removeValue(forKey: key)
        }
        try copy.write("config.json", try JSONSerialization.data(withJSONObject: object))
        guard case let .invalidConfiguration(_, reason)? = copy.loadError() else {
            Issue.record("expected invalidConfiguration, got \(String(describing: copy.loadError()))")
            return
        }
        #expect(reason.contains("sha256"))
    }

    @Test("the intact copy loads (the links and the check agree with the repository's files)")
    func intactCopyLoads() throws {
        let copy = try ModelCopy()
        defer { copy.remove() }
        #expect(copy.loadError() == nil)
    }
}
