import Foundation
import Testing
import Policy

/// The policy fuzz corpus (Fuzz/Corpus/policy-yaml, seeds and kept `crash-*` inputs) replayed
/// through the same steps as Fuzz/Sources/FuzzPolicyYAML: compile, then decide two inputs.
@Suite("Policy YAML fuzz corpus replay")
struct PolicyFuzzCorpusReplayTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fuzz/Corpus/policy-yaml")

    static var files: [URL] {
        ((try? FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)) ?? [])
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
    }

    @Test("the corpus holds the default policy, which compiles")
    func defaultPolicyCompiles() throws {
        let url = Self.folder.appendingPathComponent("default.yaml")
        _ = try PolicyCompiler.compile(text: try String(contentsOf: url, encoding: .utf8), source: url.path)
    }

    @Test("every corpus input compiles and decides, or is a typed PolicyError", arguments: files)
    func replay(file: URL) throws {
        let text = String(decoding: try Data(contentsOf: file), as: UTF8.self)
        let policy: CompiledPolicy
        do { policy = try PolicyCompiler.compile(text: text, source: file.lastPathComponent) } catch {
            #expect(!error.description.isEmpty)
            return
        }
        let hit = LexiconHit(lexicon: "violence", term: "bomb", weight: 0.9, start: 9, end: 13, matchedText: "bomb")
        let inputs = [
            PolicyInput(stage: .prompt, prompt: "a pipe bomb", categoryScores: ["violence": 0.9, "hate": 0.1],
                        lexiconHits: [hit]),
            PolicyInput(stage: .outputImage, prompt: "a cat", imageConcepts: ["weapon": 0.7], nudityScore: 0.4),
        ]
        for input in inputs {
            let decision = policy.evaluate(input)
            #expect(PolicyAction.allCases.contains(decision.action))
        }
    }
}
