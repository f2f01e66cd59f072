import Foundation

extension CompiledPolicy {
    /// Decides `input`: every rule is evaluated (in document order) and traced.
    ///
    /// Semantics (Cedar-like): a rule fires when it applies at the input's stage, its request
    /// conditions hold and its signal matches. A fired exception (not in shadow mode) overrides
    /// the fired rules it names: each contributes the milder of its own action and the
    /// exception's instead. The decision is the most severe contribution
    /// (block > review > warn > allow), so an allow never beats a block unless an exception
    /// names that block; with no contribution the policy's default action applies.
    public func evaluate(_ input: PolicyInput) -> PolicyDecision {
        var traces: [RuleTrace] = []
        traces.reserveCapacity(rules.count)
        let texts = PromptTexts(input)
        for rule in rules {
            let applies = rule.stages.contains(input.stage)
            let failure = applies ? rule.conditions.firstFailure(for: input) : nil
            let (matched, evidence) = applies ? Self.match(rule.matcher, ruleID: rule.id, input: input, texts: texts)
                                              : (false, [])
            traces.append(RuleTrace(ruleID: rule.id, kind: rule.kind, action: rule.effectiveAction, mode: rule.mode,
                                    stageApplies: applies, conditionsHeld: applies && failure == nil,
                                    failedCondition: applies ? failure : "rule does not apply at stage \(input.stage.rawValue)",
                                    matched: matched, fired: applies && failure == nil && matched,
                                    overriddenBy: nil, evidence: evidence))
        }

        // Exceptions override the fired rules they name (first exception in document order wins).
        var overrides: [Int: [String]] = [:]
        var exceptionActions: [Int: PolicyAction] = [:]
        for (position, rule) in rules.enumerated() where rule.isException && traces[position].fired && rule.mode == .enforce {
            for target in rule.overrides {
                guard let targetPosition = ruleIndex[target], traces[targetPosition].fired,
                      traces[targetPosition].overriddenBy == nil else { continue }
                traces[targetPosition].overriddenBy = rule.id
                overrides[position, default: []].append(target)
                let contributed = min(rule.action, rules[targetPosition].effectiveAction)
                exceptionActions[position] = max(exceptionActions[position] ?? .allow, contributed)
            }
        }

        var contributions: [(position: Int, action: PolicyAction)] = []
        for (position, rule) in rules.enumerated() {
            if rule.isException {
                if let action = exceptionActions[position] { contributions.append((position, action)) }
            } else if traces[position].fired && traces[position].overriddenBy == nil {
                contributions.append((position, rule.effectiveAction))
            }
        }
        let action = contributions.map(\.action).max() ?? defaultAction
        let deciding = contributions.filter { $0.action == action }.map { contribution in
            let rule = rules[contribution.position]
            return RuleOutcome(ruleID: rule.id, kind: rule.kind, action: contribution.action,
                               explanation: rule.explanation, suggestion: rule.suggestion,
                               overrides: overrides[contribution.position] ?? [],
                               evidence: traces[contribution.position].evidence)
        }
        return PolicyDecision(action: action, stage: input.stage, decidingRules: deciding,
                              decidedByDefault: contributions.isEmpty, trace: traces, policyID: id,
                              policyVersion: version, policySHA256: sha256,
                              explanations: Self.unique(deciding.map(\.explanation)),
                              suggestions: Self.unique(deciding.compactMap(\.suggestion)))
    }

    /// At most this many spans are reported per regex rule.
    static let maxSpans = 16

    static func unique(_ values: [String]) -> [String] {
        var seen: Set<String> = []
        return values.filter { seen.insert($0).inserted }
    }

    /// Whether `matcher` matches `input`, and what it compared (a regex reports every match,
    /// up to `maxSpans`, in the first text that has one).
    static func match(_ matcher: RuleMatcher, ruleID: String, input: PolicyInput,
                      texts: PromptTexts) -> (Bool, [RuleEvidence]) {
        switch matcher {
        case let .category(name, threshold):
            let score = input.categoryScores[name]
            return ((score ?? -1) >= threshold,
                    [RuleEvidence(kind: "category", category: name, score: score, threshold: threshold)])
        case let .lexicon(name, minWeight, terms):
            let hits = input.lexiconHits.filter { hit in
                hit.lexicon == name && hit.weight >= minWeight && (terms.map { $0.contains(hit.term) } ?? true)
            }
            guard !hits.isEmpty else {
                return (false, [RuleEvidence(kind: "lexicon", category: name, threshold: minWeight)])
            }
            return (true, hits.map { hit in
                RuleEvidence(kind: "lexicon", category: name, score: hit.weight, threshold: minWeight, term: hit.term,
                             text: "original", start: hit.start, end: hit.end, matchedText: hit.matchedText)
            })
        case let .regex(regex, target):
            var candidates: [(String, String, NSString)] = []
            if target != .normalized { candidates.append(("original", input.prompt, texts.original)) }
            if target != .original, target == .normalized || !texts.normalizedIsOriginal {
                candidates.append(("normalized", input.normalizedPrompt, texts.normalized))
            }
            for (name, text, bridged) in candidates {
                let whole = NSRange(location: 0, length: bridged.length)
                let found = regex.expression.matches(in: text, options: [], range: whole).prefix(maxSpans)
                guard !found.isEmpty else { continue }
                return (true, found.map { match in
                    RuleEvidence(kind: "regex", text: name, start: match.range.location,
                                 end: match.range.location + match.range.length,
                                 matchedText: bridged.substring(with: match.range))
                })
            }
            return (false, [RuleEvidence(kind: "regex")])
        case let .exemplar(_, threshold):
            let score = input.exemplarScores[ruleID]
            return ((score?.similarity ?? -1) >= threshold,
                    [RuleEvidence(kind: "exemplar", score: score?.similarity, threshold: threshold, nearest: score?.nearest)])
        case let .imageConcept(concept, threshold, _):
            let score = input.imageConcepts[concept]
            return ((score ?? -1) >= threshold,
                    [RuleEvidence(kind: "image_concept", concept: concept, score: score, threshold: threshold,
                                  nearest: input.imageConceptPhrases[concept])])
        case let .nudity(threshold):
            return ((input.nudityScore ?? -1) >= threshold,
                    [RuleEvidence(kind: "nudity", score: input.nudityScore, threshold: threshold)])
        case .always:
            return (true, [])
        }
    }
}

/// The prompt texts bridged once per evaluation (regex rules work on UTF-16 `NSString`s).
struct PromptTexts {
    let original: NSString
    let normalized: NSString
    let normalizedIsOriginal: Bool

    init(_ input: PolicyInput) {
        original = input.prompt as NSString
        normalizedIsOriginal = input.normalizedPrompt == input.prompt
        normalized = normalizedIsOriginal ? original : input.normalizedPrompt as NSString
    }
}
