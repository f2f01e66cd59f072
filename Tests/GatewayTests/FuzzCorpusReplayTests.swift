import Foundation
import Testing
@testable import Gateway

/// The request-JSON fuzz corpus (Fuzz/Corpus/moderation-json, seeds and kept `crash-*` inputs)
/// replayed through `HTTPRequest.decodeJSON(ModerationRequest.self)` as in
/// Fuzz/Sources/FuzzModerationJSON: a value or a typed GatewayError, never a trap.
@Suite("Request JSON fuzz corpus replay")
struct RequestJSONFuzzCorpusReplayTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fuzz/Corpus/moderation-json")

    static var files: [URL] {
        ((try? FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)) ?? [])
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
    }

    @Test("every corpus body decodes or is a typed invalidJSON error", arguments: files)
    func replay(file: URL) throws {
        let request = HTTPRequest(method: .post, path: "/v1/moderations", body: try Data(contentsOf: file))
        do {
            let decoded = try request.decodeJSON(ModerationRequest.self)
            #expect(decoded.inputs.allSatisfy { $0.utf8.count <= request.body.count })
        } catch {
            guard case .invalidJSON = error else {
                Issue.record("unexpected error \(error)")
                return
            }
        }
    }

    @Test("the seeds mean what their names say")
    func seeds() throws {
        func decode(_ name: String) throws -> ModerationRequest {
            try HTTPRequest(method: .post, path: "/", body: try Data(contentsOf: Self.folder.appendingPathComponent(name)))
                .decodeJSON(ModerationRequest.self)
        }
        #expect(try decode("single.json").inputs == ["a watercolor of a lighthouse"])
        #expect(try decode("array.json").inputs.count == 2)
        #expect(throws: GatewayError.self) { try decode("numbers.json") }
        #expect(throws: GatewayError.self) { try decode("missing.json") }
    }
}
