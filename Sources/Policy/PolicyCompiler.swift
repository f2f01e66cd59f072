import Crypto
import Foundation
import Yams

/// Parses and validates a policy document once, into an immutable `CompiledPolicy`.
///
///     let policy = try PolicyCompiler.compile(text: yaml, source: "Policies/default.yaml")
///     let decision = policy.evaluate(input)
public enum PolicyCompiler {
    static let documentKeys = ["id", "version", "description", "default_action", "rules"]
    static let commonRuleKeys = ["id", "kind", "action", "mode", "stages", "when", "explanation", "suggestion", "note"]
    static let conditionKeys = ["routes", "tenants", "roles", "keys", "min_size", "max_size", "min_n", "max_n"]
    /// Keys each matcher kind adds to the common ones.
    static let matcherKeys: [String: [String]] = [
        "category": ["category", "threshold"],
        "lexicon": ["lexicon", "min_weight", "terms"],
        "regex": ["pattern", "target", "case_sensitive"],
        "exemplar": ["phrases", "threshold"],
        "image_concept": ["concept", "threshold", "phrases"],
        "nudity": ["threshold"],
    ]
    /// Every rule kind a document may name.
    public static let ruleKinds = ["category", "lexicon", "regex", "exemplar", "image_concept", "nudity", "exception"]

    /// Compiles `text`; `source` names it in errors (a path, or e.g. "admin edit").
    public static func compile(text: String, source: String) throws(PolicyError) -> CompiledPolicy {
        let document = try YAMLMapping.root(text: text, source: source, context: "the policy document",
                                            allowed: documentKeys)
        let id = try document.requireString("id")
        _ = try document.require("version")
        guard let version = try document.string("version") else {
            throw .missingKey(at: document.location, key: "version", context: "the policy document")
        }
        let description = try document.string("description") ?? ""
        _ = try document.require("default_action")
        guard let defaultAction = try document.word("default_action", as: PolicyAction.self) else {
            throw .missingKey(at: document.location, key: "default_action", context: "the policy document")
        }
        let ruleNodes = try document.list("rules") ?? []

        var rules: [PolicyRule] = []
        var firstLine: [String: Int] = [:]
        for node in ruleNodes {
            let rule = try compileRule(node, source: source)
            if let line = firstLine[rule.id] {
                let mapping = try YAMLMapping(node: node, source: source, context: "rule", allowed: nil)
                throw .duplicateRuleID(at: mapping.valueLocation(of: "id"), id: rule.id, firstLine: line)
            }
            firstLine[rule.id] = rule.line
            rules.append(rule)
        }
        try checkExceptions(rules, nodes: ruleNodes, source: source)
        try ImageConceptPhrases.checkConsistent(rules, nodes: ruleNodes, source: source)

        let digest = SHA256.hash(data: Data(text.utf8)).map { String(format: "%02x", $0) }.joined()
        return CompiledPolicy(id: id, version: version, description: description, defaultAction: defaultAction,
                              rules: rules, sha256: digest, text: text, source: source)
    }

    /// Reads and compiles the file at `path`.
    public static func compile(fileAt path: String) throws(PolicyError) -> CompiledPolicy {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw .unreadableFile(path: path, reason: error.localizedDescription)
        }
        return try compile(text: text, source: path)
    }

    /// Compiles one rule mapping.
    static func compileRule(_ node: Node, source: String) throws(PolicyError) -> PolicyRule {
        let probe = try YAMLMapping(node: node, source: source, context: "a rule", allowed: nil)
        let id = try probe.requireString("id")
        let context = "rule '\(id)'"
        let kind = try probe.requireString("kind")
        guard ruleKinds.contains(kind) else {
            throw .invalidValue(at: probe.valueLocation(of: "kind"), key: "kind", value: kind, allowed: ruleKinds)
        }
        let isException = kind == "exception"
        let allowed = commonRuleKeys + (isException ? ["overrides", "match"] : matcherKeys[kind] ?? [])
        let rule = try YAMLMapping(node: node, source: source, context: context, allowed: allowed)

        let matcher: RuleMatcher
        var overrides: [String] = []
        if isException {
            guard let targets = try rule.stringList("overrides"), !targets.isEmpty else {
                throw .missingKey(at: rule.location, key: "overrides", context: context)
            }
            overrides = targets
            if let match = try rule.mapping("match", context: "the match of \(context)", allowed: nil) {
                let matchKind = try match.requireString("kind")
                guard let keys = matcherKeys[matchKind] else {
                    throw .invalidValue(at: match.valueLocation(of: "kind"), key: "match kind", value: matchKind,
                                        allowed: matcherKeys.keys.sorted())
                }
                let checked = try YAMLMapping(node: try rule.require("match"), source: source,
                                              context: "the match of \(context)", allowed: ["kind"] + keys)
                matcher = try compileMatcher(kind: matchKind, checked)
            } else {
                matcher = .always
            }
        } else {
            matcher = try compileMatcher(kind: kind, rule)
        }

        let action: PolicyAction
        if isException {
            action = try rule.word("action", as: PolicyAction.self) ?? .allow
            guard action != .block else {
                throw .invalidValue(at: rule.valueLocation(of: "action"), key: "exception action", value: "block",
                                    allowed: ["allow", "warn", "review"])
            }
        } else {
            _ = try rule.require("action")
            guard let written = try rule.word("action", as: PolicyAction.self) else {
                throw .missingKey(at: rule.location, key: "action", context: context)
            }
            action = written
        }
        let mode = try rule.word("mode", as: RuleMode.self) ?? .enforce
        let stages = try compileStages(rule, kind: isException ? "exception" : matcher.kind)
        let conditions = try compileConditions(rule, context: context)
        let explanation = try rule.requireString("explanation")
        let suggestion = try rule.string("suggestion")
        return PolicyRule(id: id, matcher: matcher, action: action, mode: mode, stages: stages,
                          conditions: conditions, overrides: overrides, isException: isException,
                          explanation: explanation, suggestion: suggestion, line: rule.location.line)
    }

    static func compileMatcher(kind: String, _ rule: YAMLMapping) throws(PolicyError) -> RuleMatcher {
        switch kind {
        case "category":
            let name = try rule.requireString("category")
            guard PolicyCategory.isKnown(name) else { throw .unknownCategory(at: rule.valueLocation(of: "category"), name: name) }
            return .category(name: name, threshold: try rule.requireUnitInterval("threshold"))
        case "lexicon":
            let name = try rule.requireString("lexicon")
            guard PolicyCategory.isKnown(name) else { throw .unknownCategory(at: rule.valueLocation(of: "lexicon"), name: name) }
            return .lexicon(name: name, minWeight: try rule.unitInterval("min_weight") ?? 0,
                            terms: try rule.stringList("terms"))
        case "regex":
            let pattern = try rule.requireString("pattern")
            let caseSensitive = try rule.bool("case_sensitive") ?? false
            let expression: NSRegularExpression
            do {
                expression = try NSRegularExpression(pattern: pattern,
                                                     options: caseSensitive ? [] : [.caseInsensitive])
            } catch {
                throw .badRegex(at: rule.valueLocation(of: "pattern"), pattern: pattern,
                                reason: "the pattern does not compile (\(error.localizedDescription))")
            }
            let target = try rule.word("target", as: RegexTarget.self) ?? .both
            return .regex(CompiledRegex(pattern: pattern, expression: expression), target: target)
        case "exemplar":
            guard let phrases = try rule.stringList("phrases") else {
                throw .missingKey(at: rule.location, key: "phrases", context: rule.context)
            }
            guard !phrases.isEmpty else {
                throw .invalidRule(at: rule.valueLocation(of: "phrases"), reason: "'phrases' must list at least one phrase")
            }
            return .exemplar(phrases: phrases, threshold: try rule.requireUnitInterval("threshold"))
        case "image_concept":
            return .imageConcept(concept: try rule.requireString("concept"),
                                 threshold: try rule.requireUnitInterval("threshold"),
                                 phrases: try ImageConceptPhrases.compile(rule))
        default:
            return .nudity(threshold: try rule.requireUnitInterval("threshold"))
        }
    }

    static func compileStages(_ rule: YAMLMapping, kind: String) throws(PolicyError) -> Set<Stage> {
        guard let words = try rule.stringList("stages") else {
            switch kind {
            case "image_concept", "nudity": return [.inputImage, .outputImage]
            case "exception": return Set(Stage.allCases)
            default: return [.prompt]
            }
        }
        var stages: Set<Stage> = []
        for word in words {
            guard let stage = Stage(rawValue: word) else {
                throw .invalidValue(at: rule.valueLocation(of: "stages"), key: "stage", value: word,
                                    allowed: Stage.allCases.map(\.rawValue))
            }
            stages.insert(stage)
        }
        guard !stages.isEmpty else {
            throw .invalidRule(at: rule.valueLocation(of: "stages"), reason: "'stages' must list at least one stage")
        }
        return stages
    }

    static func compileConditions(_ rule: YAMLMapping, context: String) throws(PolicyError) -> RuleConditions {
        guard let when = try rule.mapping("when", context: "the conditions of \(context)", allowed: conditionKeys) else {
            return RuleConditions()
        }
        let conditions = RuleConditions(routes: try when.stringList("routes"), tenants: try when.stringList("tenants"),
                                        roles: try when.stringList("roles"), keyIDs: try when.stringList("keys"),
                                        minSize: try when.int("min_size"), maxSize: try when.int("max_size"),
                                        minN: try when.int("min_n"), maxN: try when.int("max_n"))
        for (name, low, high) in [("size", conditions.minSize, conditions.maxSize), ("n", conditions.minN, conditions.maxN)] {
            if let low, let high, low > high {
                throw .invalidRule(at: when.valueLocation(of: "min_\(name)"),
                                   reason: "min_\(name) \(low) is greater than max_\(name) \(high), so the rule can never apply")
            }
        }
        return conditions
    }

    /// Every exception names existing, non-exception rules.
    static func checkExceptions(_ rules: [PolicyRule], nodes: [Node], source: String) throws(PolicyError) {
        let targets = Set(rules.filter { !$0.isException }.map(\.id))
        for (rule, node) in zip(rules, nodes) where rule.isException {
            for target in rule.overrides where !targets.contains(target) {
                let mapping = try YAMLMapping(node: node, source: source, context: "rule", allowed: nil)
                let items = (try? mapping.list("overrides")) ?? nil
                let at = items?.first { $0.string == target }.map { YAMLMapping.location(of: $0, source: source) }
                throw .unknownExceptionTarget(at: at ?? mapping.valueLocation(of: "overrides"), exception: rule.id,
                                              target: target)
            }
        }
    }
}
