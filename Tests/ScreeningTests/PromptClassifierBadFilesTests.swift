import Foundation
import Tensor
import Testing
@testable import Screening

/// Bad weight files: a copy of the real config.json (with the crafted file's sha256) next to a
/// crafted heads.safetensors.
@Suite("PromptClassifier bad weight files")
struct PromptClassifierBadFilesTests {
    /// A temporary model folder holding the real config.json and `weights` as heads.safetensors.
    static func folder(weights: Data) throws -> URL {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("warden-cls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        // The config records the crafted file's own digest, so the parser (not the integrity
        // check, see PromptClassifierFailClosedTests) is what these tests reach.
        let config = try Data(contentsOf: PromptClassifierGolden.modelDirectory.appendingPathComponent("config.json"))
        try weights.write(to: directory.appendingPathComponent("heads.safetensors"))
        let digest = try ModelIntegrity.sha256(of: directory.appendingPathComponent("heads.safetensors"))
        try PromptClassifierFailClosedTests.config(config, settingDigest: digest)
            .write(to: directory.appendingPathComponent("config.json"))
        return directory
    }

    /// A safetensors file from a JSON header and raw data bytes.
    static func safetensors(header: String, data: [UInt8]) -> Data {
        let headerBytes = Array(header.utf8)
        var length = UInt64(headerBytes.count)
        var bytes: [UInt8] = []
        for _ in 0..<8 {
            bytes.append(UInt8(length & 0xff))
            length >>= 8
        }
        return Data(bytes + headerBytes + data)
    }

    static func loadError(_ weights: Data) throws -> ScreeningError? {
        let directory = try folder(weights: weights)
        defer { try? FileManager.default.removeItem(at: directory) }
        do {
            _ = try PromptClassifier(directory: directory)
            return nil
        } catch {
            return error
        }
    }

    @Test("a header length past the end of the file is malformed")
    func headerTooLong() throws {
        var data = Self.safetensors(header: "{}", data: [])
        data[0] = 0xff
        let error = try Self.loadError(data)
        guard case .weightsMalformed? = error else {
            Issue.record("expected weightsMalformed, got \(String(describing: error))")
            return
        }
    }

    @Test("a tensor whose offsets run past the data is malformed, naming the tensor")
    func offsetsOutOfBounds() throws {
        let header = #"{"linear.bias":{"dtype":"F32","shape":[13],"data_offsets":[0,52]}}"#
        let error = try Self.loadError(Self.safetensors(header: header, data: [UInt8](repeating: 0, count: 8)))
        guard case let .weightsMalformed(_, reason)? = error else {
            Issue.record("expected weightsMalformed, got \(String(describing: error))")
            return
        }
        #expect(reason.contains("linear.bias"))
    }

    @Test("a file without the head's tensors reports the missing tensor")
    func missingTensor() throws {
        let header = #"{"other":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}"#
        let error = try Self.loadError(Self.safetensors(header: header, data: [0, 0, 0, 0]))
        guard case let .missingTensor(name, _)? = error else {
            Issue.record("expected missingTensor, got \(String(describing: error))")
            return
        }
        #expect(name.hasSuffix(".weight") || name.hasSuffix(".bias"))
    }

    @Test("F16 tensors are read and widened to Float")
    func readsF16() throws {
        // 1.0 = 0x3C00, -2.0 = 0xC000, 0.5 = 0x3800 (little-endian bytes).
        let header = #"{"t":{"dtype":"F16","shape":[3],"data_offsets":[0,6]}}"#
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("warden-f16-\(UUID().uuidString)")
        try Self.safetensors(header: header, data: [0x00, 0x3C, 0x00, 0xC0, 0x00, 0x38]).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let file = try HeadWeightsFile(url: url)
        #expect(try file.tensor(named: "t", shape: [3]) == [1, -2, 0.5])
        #expect(throws: ScreeningError.tensorShapeMismatch(name: "t", expected: [4], actual: [3], file: url.path)) {
            try file.tensor(named: "t", shape: [4])
        }
    }
}
