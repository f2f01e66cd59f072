import Foundation
import Testing
@testable import Policy

@Suite("Policy evaluation: every rule kind, precedence, conditions, trace")
struct PolicyEvaluationTests {
    let policy: CompiledPolicy

    init() throws {
        policy = try PolicyCompiler.compile(text: PolicyFixtures.everyKind, source: "kinds.yaml")
    }

    func trace(_ decision: PolicyDecision, _ id: String) -> RuleTrace? {
        decision.trace.first { $0.ruleID == id }
    }

    @Test("a category score at the threshold fires and the trace shows score against threshold")
    func category() throws {
        let decision = policy.evaluate(PolicyInput(prompt: "p", categoryScores: ["violence": 0.5]))
        #expect(decision.action == .block)
        #expect(decision.decidingRuleIDs == ["cat"])
        #expect(decision.explanations == ["violent"])
        #expect(decision.suggestions == ["remove the violence"])
        let evidence = try #require(trace(decision, "cat")?.evidence.first)
        #expect(evidence == RuleEvidence(kind: "category", category: "violence", score: 0.5, threshold: 0.5))
        let below = policy.evaluate(PolicyInput(prompt: "p", categoryScores: ["violence": 0.49]))
        #expect(below.action == .allow)
        #expect(below.decidedByDefault)
        #expect(trace(below, "cat")?.matched == false)
        #expect(trace(below, "cat")?.evidence.first?.score == 0.49)
    }

    @Test("a lexicon rule reports the term and its span, and respects the minimum weight and term list")
    func lexicon() throws {
        let hit = LexiconHit(lexicon: "illicit", term: "cocaine", weight: 0.7, start: 9, end: 16, matchedText: "Cocaine")
        let decision = policy.evaluate(PolicyInput(prompt: "a bag of Cocaine", lexiconHits: [hit]))
        #expect(decision.action == .review)
        #expect(decision.decidingRuleIDs == ["lex"])
        let evidence = try #require(decision.decidingRules.first?.evidence.first)
        #expect(evidence.term == "cocaine")
        #expect(evidence.start == 9 && evidence.end == 16 && evidence.matchedText == "Cocaine")
        #expect(evidence.text == "original")
        var weak = hit
        weak.weight = 0.5
        #expect(policy.evaluate(PolicyInput(prompt: "p", lexiconHits: [weak])).action == .allow)
        let other = LexiconHit(lexicon: "hate", term: "not listed", weight: 1, start: 0, end: 3, matchedText: "x")
        #expect(trace(policy.evaluate(PolicyInput(prompt: "p", lexiconHits: [other])), "lex-terms")?.matched == false)
        let listed = LexiconHit(lexicon: "hate", term: "only this", weight: 0.1, start: 0, end: 3, matchedText: "x")
        #expect(policy.evaluate(PolicyInput(prompt: "p", lexiconHits: [listed])).decidingRuleIDs == ["lex-terms"])
    }

    @Test("a regex reports its span in UTF-16 offsets of the text it searched")
    func regex() throws {
        let prompt = "🙂 a man Without Clothes"
        let decision = policy.evaluate(PolicyInput(prompt: prompt))
        #expect(decision.decidingRuleIDs == ["rx-original"])
        let evidence = try #require(decision.decidingRules.first?.evidence.first)
        #expect(evidence.text == "original")
        #expect(evidence.matchedText == "Without Clothes")
        #expect(evidence.start == 9 && evidence.end == 24)   // the emoji is two UTF-16 units
        let normalized = policy.evaluate(PolicyInput(prompt: "n.u.d.e", normalizedPrompt: "nude"))
        #expect(normalized.decidingRuleIDs == ["rx-normalized"])
        #expect(normalized.decidingRules.first?.evidence.first?.text == "normalized")
        // Every match is reported, not only the first.
        let twice = policy.evaluate(PolicyInput(prompt: "without clothes, then without clothes again"))
        #expect(twice.decidingRules.first?.evidence.map(\.start) == [0, 22])
        // target: normalized does not look at the original text.
        #expect(policy.evaluate(PolicyInput(prompt: "nude", normalizedPrompt: "clean")).action == .allow)
        // target: original does not look at the normalised text.
        #expect(policy.evaluate(PolicyInput(prompt: "w/o clothes", normalizedPrompt: "without clothes")).action == .allow)
    }

    @Test("an exemplar rule reads the similarity under its own rule id and reports the nearest phrase")
    func exemplar() throws {
        let input = PolicyInput(prompt: "p", exemplarScores: ["ex": ExemplarScore(similarity: 0.85, nearest: "a phrase")])
        let decision = policy.evaluate(input)
        #expect(decision.decidingRuleIDs == ["ex"])
        #expect(decision.decidingRules.first?.evidence.first?.nearest == "a phrase")
        #expect(decision.decidingRules.first?.evidence.first?.score == 0.85)
        #expect(policy.exemplarRules == [ExemplarRuleSpec(ruleID: "ex", phrases: ["a phrase", "another phrase"], threshold: 0.8)])
        let other = PolicyInput(prompt: "p", exemplarScores: ["cat": ExemplarScore(similarity: 0.99, nearest: "x")])
        #expect(policy.evaluate(other).action == .allow)
    }

    @Test("image concept and nudity rules apply at image stages only, as their stages say")
    func imageRules() {
        let knife = PolicyInput(stage: .inputImage, imageConcepts: ["a knife": 0.7])
        #expect(policy.evaluate(knife).decidingRuleIDs == ["concept"])
        #expect(policy.evaluate(PolicyInput(stage: .prompt, imageConcepts: ["a knife": 0.9])).action == .allow)
        #expect(policy.evaluate(PolicyInput(stage: .outputImage, nudityScore: 0.8)).decidingRuleIDs == ["nude-img"])
        #expect(policy.evaluate(PolicyInput(stage: .inputImage, nudityScore: 0.8)).action == .allow)
        #expect(policy.imageConceptRules == [ImageConceptRuleSpec(ruleID: "concept", concept: "a knife", threshold: 0.6,
                                                                  stages: [.inputImage, .outputImage])])
        #expect(policy.imageConcepts == ["a knife"])
        let skipped = policy.evaluate(PolicyInput(stage: .prompt, nudityScore: 0.9))
        #expect(trace(skipped, "nude-img")?.stageApplies == false)
        #expect(trace(skipped, "nude-img")?.failedCondition == "rule does not apply at stage prompt")
    }

    @Test("shadow mode downgrades a block rule to warn")
    func shadow() {
        let decision = policy.evaluate(PolicyInput(prompt: "p", categoryScores: ["hate": 0.4]))
        #expect(decision.action == .warn)
        #expect(decision.decidingRuleIDs == ["shadowed"])
        #expect(trace(decision, "shadowed")?.mode == .shadow)
        #expect(trace(decision, "shadowed")?.action == .warn)
    }

    @Test("block beats an explicit allow rule (deny overrides allow)")
    func blockBeatsAllow() {
        let decision = policy.evaluate(PolicyInput(prompt: "p", categoryScores: ["harassment": 0.9, "violence": 0.9]))
        #expect(decision.action == .block)
        #expect(decision.decidingRuleIDs == ["cat"])
        #expect(trace(decision, "allow-cat")?.fired == true)
        let allowOnly = policy.evaluate(PolicyInput(prompt: "p", categoryScores: ["harassment": 0.9]))
        #expect(allowOnly.action == .allow)
        #expect(allowOnly.decidingRuleIDs == ["allow-cat"])
        #expect(!allowOnly.decidedByDefault)
    }

    @Test("review beats warn, block beats review")
    func severityOrder() {
        let reviewAndWarn = policy.evaluate(PolicyInput(prompt: "p", categoryScores: ["hate": 0.4],
            exemplarScores: ["ex": ExemplarScore(similarity: 0.9, nearest: "a phrase")]))
        #expect(reviewAndWarn.action == .review)
        #expect(reviewAndWarn.decidingRuleIDs == ["ex"])
        let all = policy.evaluate(PolicyInput(prompt: "a man without clothes", categoryScores: ["violence": 0.9, "hate": 0.4]))
        #expect(all.action == .block)
        #expect(all.decidingRuleIDs == ["cat"])
        #expect(PolicyAction.allCases.sorted() == [.allow, .warn, .review, .block])
    }

    @Test("an exception overrides only the rule it names, and only when its own match holds")
    func exception() throws {
        let lesson = policy.evaluate(PolicyInput(prompt: "a history lesson about a battle", categoryScores: ["violence": 0.9]))
        #expect(lesson.action == .allow)
        #expect(lesson.decidingRuleIDs == ["exc"])
        #expect(lesson.decidingRules.first?.overrides == ["cat"])
        #expect(trace(lesson, "cat")?.overriddenBy == "exc")
        // The same exception does not touch a rule it does not name.
        let nude = policy.evaluate(PolicyInput(prompt: "a history lesson, nude", categoryScores: ["violence": 0.9]))
        #expect(nude.action == .block)
        #expect(nude.decidingRuleIDs == ["rx-normalized"])
        // Without its match the exception does not fire.
        let plain = policy.evaluate(PolicyInput(prompt: "a battle", categoryScores: ["violence": 0.9]))
        #expect(plain.decidingRuleIDs == ["cat"])
        #expect(trace(plain, "exc")?.matched == false)
        // With nothing to override, a matching exception decides nothing.
        let idle = policy.evaluate(PolicyInput(prompt: "a history lesson"))
        #expect(idle.decidedByDefault && idle.action == .allow)
    }

    @Test("a review exception turns a block into review, never into something stricter")
    func reviewException() throws {
        let text = """
            id: e
            version: "1"
            default_action: allow
            rules:
              - {id: b, kind: category, category: self-harm, threshold: 0.5, action: block, explanation: b}
              - {id: w, kind: category, category: violence, threshold: 0.5, action: warn, explanation: w}
              - {id: x, kind: exception, overrides: [b, w], action: review, explanation: x}
            """
        let policy = try PolicyCompiler.compile(text: text, source: "e.yaml")
        let blocked = policy.evaluate(PolicyInput(prompt: "p", categoryScores: ["self-harm": 0.9]))
        #expect(blocked.action == .review)
        #expect(blocked.decidingRuleIDs == ["x"])
        let warned = policy.evaluate(PolicyInput(prompt: "p", categoryScores: ["violence": 0.9]))
        #expect(warned.action == .warn)
    }

    @Test("conditions on route, tenant, role, key, size and n all have to hold", arguments: [
        (PolicyInput(route: "/v1/images/edits", keyID: "k1", tenant: "acme", role: "client", size: 64, n: 2), nil as String?),
        (PolicyInput(route: "/v1/moderations", keyID: "k1", tenant: "acme", role: "client", size: 64, n: 2), "route"),
        (PolicyInput(route: "/v1/images/edits", keyID: "k1", tenant: "other", role: "client", size: 64, n: 2), "tenant"),
        (PolicyInput(route: "/v1/images/edits", keyID: "k1", tenant: nil, role: "client", size: 64, n: 2), "no tenant"),
        (PolicyInput(route: "/v1/images/edits", keyID: "k1", tenant: "acme", role: "reviewer", size: 64, n: 2), "role"),
        (PolicyInput(route: "/v1/images/edits", keyID: "k2", tenant: "acme", role: "client", size: 64, n: 2), "key"),
        (PolicyInput(route: "/v1/images/edits", keyID: "k1", tenant: "acme", role: "client", size: 256, n: 2), "size 256 is above"),
        (PolicyInput(route: "/v1/images/edits", keyID: "k1", tenant: "acme", role: "client", size: 64, n: 3), "n 3 is above"),
        (PolicyInput(route: "/v1/images/edits", keyID: "k1", tenant: "acme", role: "client", size: nil, n: 2), "no size"),
    ])
    func conditions(request: PolicyInput, failure: String?) throws {
        var input = request
        input.categoryScores = ["illicit": 0.3]
        let decision = policy.evaluate(input)
        let ruleTrace = try #require(trace(decision, "admins-only"))
        #expect(ruleTrace.matched)
        if let failure {
            #expect(decision.action == .allow)
            #expect(!ruleTrace.conditionsHeld)
            #expect(ruleTrace.failedCondition?.contains(failure) == true, "\(ruleTrace.failedCondition ?? "nil")")
        } else {
            #expect(decision.action == .block)
            #expect(ruleTrace.conditionsHeld && ruleTrace.fired)
        }
    }

    @Test("the trace lists every rule in document order with the policy's id and version")
    func traceComplete() {
        let decision = policy.evaluate(PolicyInput(prompt: "p"))
        #expect(decision.trace.map(\.ruleID) == policy.rules.map(\.id))
        #expect(decision.policyID == "kinds")
        #expect(decision.policyVersion == "7")
        #expect(decision.policySHA256 == policy.sha256)
    }

    @Test("decisions and inputs round-trip through JSON")
    func codable() throws {
        let input = PolicyInput(stage: .outputImage, route: "/v1/images/generations", keyID: "k", tenant: "t", role: "client",
                                size: 64, n: 1, prompt: "a knife", normalizedPrompt: "a knife",
                                categoryScores: ["violence": 0.2],
                                lexiconHits: [LexiconHit(lexicon: "violence", term: "knife", weight: 0.3, start: 2, end: 7, matchedText: "knife")],
                                exemplarScores: ["ex": ExemplarScore(similarity: 0.1, nearest: "a phrase")],
                                imageConcepts: ["a knife": 0.9], nudityScore: 0.1)
        let inputJSON = try JSONEncoder().encode(input)
        #expect(try JSONDecoder().decode(PolicyInput.self, from: inputJSON) == input)
        let json = String(decoding: inputJSON, as: UTF8.self)
        #expect(json.contains("\"stage\":\"output_image\""))
        let decision = policy.evaluate(input)
        let data = try JSONEncoder().encode(decision)
        #expect(try JSONDecoder().decode(PolicyDecision.self, from: data) == decision)
        #expect(String(decoding: data, as: UTF8.self).contains("\"action\":\"review\""))
    }

    @Test("an input stored with only a stage and a prompt still decodes, with empty signals")
    func lenientInput() throws {
        let input = try JSONDecoder().decode(PolicyInput.self, from: Data(#"{"stage":"prompt","prompt":"hi"}"#.utf8))
        #expect(input == PolicyInput(stage: .prompt, route: "", prompt: "hi"))
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(PolicyInput.self, from: Data(#"{"prompt":"hi"}"#.utf8))
        }
    }

    @Test("regex and every other rule give the same decision from many tasks at once")
    func concurrentEvaluation() async throws {
        let policy = try PolicyCompiler.compile(fileAt: PolicyFixtures.defaultPolicyPath)
        let inputs = [
            PolicyInput(prompt: "a 15 year old girl in lingerie"),
            PolicyInput(prompt: "a marble statue without clothes in a museum", categoryScores: ["sexual": 0.45]),
            PolicyInput(prompt: "Nude portrait of Jane Doe"),
            PolicyInput(prompt: "a poster for a suicide prevention helpline", categoryScores: ["self-harm": 0.8]),
        ]
        let expected = inputs.map { policy.evaluate($0) }
        let mismatches = await withTaskGroup(of: Int.self) { group in
            for task in 0..<8 {
                group.addTask {
                    var bad = 0
                    for round in 0..<400 {
                        let index = (task + round) % inputs.count
                        if policy.evaluate(inputs[index]) != expected[index] { bad += 1 }
                    }
                    return bad
                }
            }
            return await group.reduce(0, +)
        }
        #expect(mismatches == 0)
        #expect(expected.map(\.action) == [.block, .allow, .review, .review])
    }

    @Test("the original-prompt spans of a decision come from its deciding rules, sorted and without repeats")
    func spans() throws {
        let hit = LexiconHit(lexicon: "illicit", term: "cocaine", weight: 0.9, start: 20, end: 27, matchedText: "cocaine")
        let decision = policy.evaluate(PolicyInput(prompt: "without clothes and cocaine", normalizedPrompt: "nude",
                                                   lexiconHits: [hit, hit]))
        #expect(decision.action == .block)   // rx-normalized decides; its span is in the normalised text
        #expect(decision.originalPromptSpans.isEmpty)
        let review = policy.evaluate(PolicyInput(prompt: "without clothes and cocaine", lexiconHits: [hit, hit]))
        #expect(Set(review.decidingRuleIDs) == ["lex", "rx-original"])
        #expect(review.originalPromptSpans.map(\.start) == [0, 20])
        #expect(review.originalPromptSpans.map(\.matchedText) == ["without clothes", "cocaine"])
    }
}
