import Foundation
import Testing
@testable import Tensor

@Suite("Model file integrity")
struct ModelIntegrityTests {
    private func temporaryFile(_ bytes: [UInt8]) throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("integrity-\(UUID().uuidString).bin")
        try Data(bytes).write(to: url)
        return url
    }

    @Test("sha256 of a known input (FIPS 180-2 'abc' vector)")
    func knownDigest() throws {
        let url = try temporaryFile(Array("abc".utf8))
        defer { try? FileManager.default.removeItem(at: url) }
        #expect(try ModelIntegrity.sha256(of: url)
                == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        try ModelIntegrity.verify(url, sha256: "BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD")
    }

    @Test("an altered, truncated or missing file is refused")
    func refusesChangedFiles() throws {
        let expected = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        let altered = try temporaryFile(Array("abd".utf8))
        let truncated = try temporaryFile(Array("ab".utf8))
        defer {
            try? FileManager.default.removeItem(at: altered)
            try? FileManager.default.removeItem(at: truncated)
        }
        for url in [altered, truncated] {
            #expect(throws: TensorError.self) { try ModelIntegrity.verify(url, sha256: expected) }
        }
        let missing = URL(fileURLWithPath: "/nonexistent/model.safetensors")
        #expect(throws: TensorError.cannotOpen(file: missing.path, reason: "no such file")) {
            try ModelIntegrity.verify(missing, sha256: expected)
        }
    }
}
