import Foundation
import Tensor
import Testing
@testable import Screening

/// The concept encoder refuses damaged model folders with typed errors (fail closed).
@Suite("Concept encoder fails closed")
struct ConceptEncoderFailClosedTests {
    static func loadError(_ damage: (URL) throws -> Void) throws -> ScreeningError? {
        let directory = try ConceptEncoderGolden.copyOfModel()
        defer { try? FileManager.default.removeItem(at: directory) }
        try damage(directory)
        do {
            _ = try ConceptImageEncoder.load(modelDirectory: directory)
            return nil
        } catch {
            return error
        }
    }

    static func isIntegrityFailure(_ error: ScreeningError?, file: String) -> Bool {
        switch error {
        case let .weightsDigestMismatch(path, _, _)?: return path.hasSuffix(file)
        case let .modelFileUnreadable(path, _)?: return path.hasSuffix(file)
        default: return false
        }
    }

    @Test("an intact copy loads")
    func intactCopyLoads() throws {
        #expect(try Self.loadError { _ in } == nil)
    }

    @Test("one flipped byte in the weights is refused before loading")
    func alteredWeights() throws {
        let error = try Self.loadError { directory in
            let url = directory.appendingPathComponent("model.safetensors")
            var bytes = try Data(contentsOf: url)
            bytes[bytes.count - 3] ^= 0x01
            try bytes.write(to: url)
        }
        #expect(Self.isIntegrityFailure(error, file: "model.safetensors"))
    }

    @Test("a truncated calibration bank is refused")
    func truncatedBank() throws {
        let error = try Self.loadError { directory in
            let url = directory.appendingPathComponent("calibration.safetensors")
            let bytes = try Data(contentsOf: url)
            try bytes.prefix(bytes.count / 2).write(to: url)
        }
        #expect(Self.isIntegrityFailure(error, file: "calibration.safetensors"))
    }

    @Test("a missing weight file is refused")
    func missingWeights() throws {
        let error = try Self.loadError { directory in
            try FileManager.default.removeItem(at: directory.appendingPathComponent("model.safetensors"))
        }
        #expect(Self.isIntegrityFailure(error, file: "model.safetensors"))
    }

    @Test("a config with an impossible shape or broken JSON is a configInvalid error")
    func badConfig() throws {
        for edit in [{ (s: String) in s.replacingOccurrences(of: "\"groups\": 8", with: "\"groups\": 7") },
                     { (s: String) in String(s.prefix(s.count / 2)) }] {
            let error = try Self.loadError { directory in
                let url = directory.appendingPathComponent("config.json")
                try edit(try String(contentsOf: url, encoding: .utf8)).write(to: url, atomically: true, encoding: .utf8)
            }
            guard case .configInvalid? = error else {
                Issue.record("expected configInvalid, got \(String(describing: error))")
                continue
            }
        }
    }
}
