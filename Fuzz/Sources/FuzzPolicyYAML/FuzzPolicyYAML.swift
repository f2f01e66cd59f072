import Foundation
import FuzzDriver
import Policy

/// libFuzzer entry: policy documents -> `PolicyCompiler.compile(text:source:)`, then a compiled
/// policy decides one prompt-stage and one image-stage input. Only a `PolicyError` or a decision
/// may come out; a decision must name a known action.
func fuzzPolicyYAML(_ bytes: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let input = fuzzBytes(bytes, count)
    let text = String(decoding: input, as: UTF8.self)
    let policy: CompiledPolicy
    do {
        policy = try PolicyCompiler.compile(text: text, source: "fuzz")
    } catch {
        _ = error.description
        return 0
    }
    let hit = LexiconHit(lexicon: "violence", term: "bomb", weight: 0.9, start: 9, end: 13, matchedText: "bomb")
    let prompt = PolicyInput(stage: .prompt, prompt: "a pipe bomb", categoryScores: ["violence": 0.9, "hate": 0.1],
                             lexiconHits: [hit])
    let image = PolicyInput(stage: .outputImage, prompt: "a cat", imageConcepts: ["weapon": 0.7], nudityScore: 0.4)
    for input in [prompt, image] {
        let decision = policy.evaluate(input)
        _ = decision
    }
    return 0
}
