import Foundation

/// What changed between two policies, rule by rule (for the admin console's diff and for a
/// reviewer reading an edit before it is accepted). Rules are matched by id.
public struct PolicyDiff: Sendable, Equatable, Codable {
    /// One rule present in both policies whose definition differs.
    public struct ChangedRule: Sendable, Equatable, Codable {
        /// The rule's id.
        public var ruleID: String
        /// Field -> [old, new], for each field that differs ("threshold": ["0.5", "0.4"]).
        public var fields: [String: [String]]
    }

    /// Rule ids only the new policy has, in its order.
    public var added: [String]
    /// Rule ids only the old policy had, in its order.
    public var removed: [String]
    /// Rules in both whose fields differ, in the new policy's order.
    public var changed: [ChangedRule]
    /// Top-level fields that differ (id, version, description, default_action): [old, new].
    public var policyFields: [String: [String]]

    /// True when nothing but the text's formatting or comments changed.
    public var isEmpty: Bool { added.isEmpty && removed.isEmpty && changed.isEmpty && policyFields.isEmpty }

    /// Compares `old` with `new`.
    public init(from old: CompiledPolicy, to new: CompiledPolicy) {
        let oldRules = Dictionary(old.rules.map { ($0.id, $0.fields) }, uniquingKeysWith: { first, _ in first })
        let newIDs = Set(new.rules.map(\.id))
        added = new.rules.map(\.id).filter { oldRules[$0] == nil }
        removed = old.rules.map(\.id).filter { !newIDs.contains($0) }
        changed = new.rules.compactMap { rule in
            guard let before = oldRules[rule.id] else { return nil }
            let after = rule.fields
            var fields: [String: [String]] = [:]
            for key in Set(before.keys).union(after.keys) where before[key] != after[key] {
                fields[key] = [before[key] ?? "", after[key] ?? ""]
            }
            return fields.isEmpty ? nil : ChangedRule(ruleID: rule.id, fields: fields)
        }
        var top: [String: [String]] = [:]
        for (key, a, b) in [("id", old.id, new.id), ("version", old.version, new.version),
                            ("description", old.description, new.description),
                            ("default_action", old.defaultAction.rawValue, new.defaultAction.rawValue)] where a != b {
            top[key] = [a, b]
        }
        policyFields = top
    }
}

extension PolicyRule {
    /// The rule's definition as document keys -> canonical text, for comparison.
    var fields: [String: String] {
        var out: [String: String] = [
            "kind": kind, "action": action.rawValue, "mode": mode.rawValue,
            "stages": Stage.allCases.filter { stages.contains($0) }.map(\.rawValue).joined(separator: ", "),
            "explanation": explanation, "suggestion": suggestion ?? "",
            "when": conditions.canonical, "overrides": overrides.joined(separator: ", "),
        ]
        for (key, value) in matcher.fields { out[isException ? "match.\(key)" : key] = value }
        return out
    }
}

extension RuleMatcher {
    /// The matcher's own keys -> canonical text.
    var fields: [String: String] {
        switch self {
        case let .category(name, threshold): return ["category": name, "threshold": "\(threshold)"]
        case let .lexicon(name, minWeight, terms):
            return ["lexicon": name, "min_weight": "\(minWeight)", "terms": terms?.joined(separator: ", ") ?? ""]
        case let .regex(regex, target):
            return ["pattern": regex.pattern, "target": target.rawValue,
                    "case_sensitive": "\(!regex.expression.options.contains(.caseInsensitive))"]
        case let .exemplar(phrases, threshold):
            return ["phrases": phrases.joined(separator: " | "), "threshold": "\(threshold)"]
        case let .imageConcept(concept, threshold, phrases):
            return ["concept": concept, "threshold": "\(threshold)", "phrases": phrases.joined(separator: " | ")]
        case let .nudity(threshold): return ["threshold": "\(threshold)"]
        case .always: return [:]
        }
    }
}

extension RuleConditions {
    /// The conditions as one canonical line ("" when there are none).
    var canonical: String {
        var parts: [String] = []
        if let routes { parts.append("routes: \(routes.joined(separator: ", "))") }
        if let tenants { parts.append("tenants: \(tenants.joined(separator: ", "))") }
        if let roles { parts.append("roles: \(roles.joined(separator: ", "))") }
        if let keyIDs { parts.append("keys: \(keyIDs.joined(separator: ", "))") }
        if let minSize { parts.append("min_size: \(minSize)") }
        if let maxSize { parts.append("max_size: \(maxSize)") }
        if let minN { parts.append("min_n: \(minN)") }
        if let maxN { parts.append("max_n: \(maxN)") }
        return parts.joined(separator: "; ")
    }
}
