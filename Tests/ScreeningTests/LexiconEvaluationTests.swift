import Testing
@testable import Screening

@Suite("LexiconEvaluation")
struct LexiconEvaluationTests {
    @Test("counts benign flags, per-category hits and obfuscation retention")
    func report() throws {
        let sexual = try Lexicon.parse("0.7 nude\n0.3 sexy", category: "sexual", file: "s")
        let violence = try Lexicon.parse("0.6 kill", category: "violence", file: "v")
        let matcher = LexiconMatcher(lexicons: LexiconSet(lexicons: [sexual, violence]))
        let samples: [LexiconEvaluation.Sample] = [
            .init(text: "a cat on a sofa", labels: []),
            .init(text: "a nude figure study", labels: []),
            .init(text: "a sexy car", labels: []),                     // weight 0.3: not counted
            .init(text: "a nude woman", labels: ["sexual"]),
            .init(text: "a woman wearing only sunlight", labels: ["sexual"]),
            .init(text: "kill him", labels: ["violence", "harassment/threatening"]),
        ]
        let report = LexiconEvaluation(matcher: matcher).run(samples, obfuscations: [.leetspeak, .splitLetters])
        #expect(report.benignPrompts == 3)
        #expect(report.benignFlagged == 1)
        #expect(report.benignFlaggedExamples == ["a nude figure study"])
        #expect(report.categories.map(\.category) == ["harassment/threatening", "sexual", "violence"])
        #expect(report.categories.map(\.hit) == [0, 1, 1])
        #expect(report.categories.map(\.prompts) == [1, 2, 1])
        #expect(report.obfuscationRetention == ["leetspeak": 1, "split-letters": 1])
        #expect(report.obfuscatedBenignFlagged == ["leetspeak": 1, "split-letters": 1])
    }
}
