/// Where in a policy document (or policy test file) something was found: the source name
/// (usually a file path), and the 1-based line and column that libYAML reports.
public struct SourceLocation: Sendable, Equatable, Codable, CustomStringConvertible {
    /// File path or other name of the text (e.g. "Policies/default.yaml", "admin edit").
    public var source: String
    /// Line, starting at 1.
    public var line: Int
    /// Column, starting at 1 (counted in Unicode scalars, as libYAML does).
    public var column: Int

    public init(source: String, line: Int, column: Int) {
        self.source = source
        self.line = line
        self.column = column
    }

    /// `source:line:column`, the form compilers and editors understand.
    public var description: String { "\(source):\(line):\(column)" }
}

/// Errors of the Policy module. Each case carries the context a person needs to act on it;
/// every compile error names the source, line and column.
public enum PolicyError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The text is not well-formed YAML (libYAML's own message).
    case yamlSyntax(at: SourceLocation, message: String)
    /// The document is empty, or its top level is not a mapping.
    case notAMapping(at: SourceLocation, context: String)
    /// A key this format does not know; `allowed` lists the keys that are.
    case unknownKey(at: SourceLocation, key: String, context: String, allowed: [String])
    /// A required key is missing.
    case missingKey(at: SourceLocation, key: String, context: String)
    /// A key appears twice in one mapping.
    case duplicateKey(at: SourceLocation, key: String)
    /// A value has the wrong YAML type (e.g. a list where a number belongs).
    case wrongType(at: SourceLocation, key: String, expected: String, found: String)
    /// A value is not one of the allowed words (actions, stages, kinds, modes).
    case invalidValue(at: SourceLocation, key: String, value: String, allowed: [String])
    /// A category name that is not one of the 13 moderation categories.
    case unknownCategory(at: SourceLocation, name: String)
    /// A regular expression that NSRegularExpression refuses.
    case badRegex(at: SourceLocation, pattern: String, reason: String)
    /// A threshold, weight or score outside [0, 1].
    case thresholdOutOfRange(at: SourceLocation, key: String, value: Double)
    /// Two rules share one id.
    case duplicateRuleID(at: SourceLocation, id: String, firstLine: Int)
    /// An exception names a rule id that the policy does not define (or names another exception).
    case unknownExceptionTarget(at: SourceLocation, exception: String, target: String)
    /// Any other invalid value, with the reason.
    case invalidRule(at: SourceLocation, reason: String)
    /// Two image_concept rules name one concept with different `phrases` lists (image screening
    /// scores a concept once, so its phrase set must be the same in every rule that names it).
    case conflictingConceptPhrases(at: SourceLocation, concept: String, rule: String, otherRule: String, otherLine: Int)
    /// A policy file or test file could not be read.
    case unreadableFile(path: String, reason: String)
    /// The version store refused to record an accepted policy, so the running policy stays.
    case versionStoreFailed(policyID: String, version: String, reason: String)

    /// The location the error points at, when it has one (for the admin API's 422 answer).
    public var location: SourceLocation? {
        switch self {
        case let .yamlSyntax(at, _), let .notAMapping(at, _), let .unknownKey(at, _, _, _),
             let .missingKey(at, _, _), let .duplicateKey(at, _), let .wrongType(at, _, _, _),
             let .invalidValue(at, _, _, _), let .unknownCategory(at, _), let .badRegex(at, _, _),
             let .thresholdOutOfRange(at, _, _), let .duplicateRuleID(at, _, _),
             let .unknownExceptionTarget(at, _, _), let .invalidRule(at, _),
             let .conflictingConceptPhrases(at, _, _, _, _):
            return at
        case .unreadableFile, .versionStoreFailed:
            return nil
        }
    }

    public var description: String {
        switch self {
        case let .yamlSyntax(at, message):
            return "\(at): YAML syntax error: \(message)"
        case let .notAMapping(at, context):
            return "\(at): \(context) must be a mapping of keys to values"
        case let .unknownKey(at, key, context, allowed):
            return "\(at): unknown key '\(key)' in \(context); allowed keys: \(allowed.joined(separator: ", "))"
        case let .missingKey(at, key, context):
            return "\(at): missing required key '\(key)' in \(context)"
        case let .duplicateKey(at, key):
            return "\(at): key '\(key)' appears more than once"
        case let .wrongType(at, key, expected, found):
            return "\(at): '\(key)' must be \(expected), found \(found)"
        case let .invalidValue(at, key, value, allowed):
            return "\(at): '\(value)' is not a valid \(key); expected one of: \(allowed.joined(separator: ", "))"
        case let .unknownCategory(at, name):
            return "\(at): unknown category '\(name)'; expected one of: \(PolicyCategory.all.joined(separator: ", "))"
        case let .badRegex(at, pattern, reason):
            return "\(at): invalid regular expression '\(pattern)': \(reason)"
        case let .thresholdOutOfRange(at, key, value):
            return "\(at): '\(key)' is \(value); it must be between 0 and 1"
        case let .duplicateRuleID(at, id, firstLine):
            return "\(at): duplicate rule id '\(id)' (first defined on line \(firstLine))"
        case let .unknownExceptionTarget(at, exception, target):
            return "\(at): exception '\(exception)' overrides unknown rule '\(target)'"
        case let .invalidRule(at, reason):
            return "\(at): \(reason)"
        case let .conflictingConceptPhrases(at, concept, rule, otherRule, otherLine):
            return "\(at): rule '\(rule)' gives concept '\(concept)' other phrases than rule '\(otherRule)' "
                + "(line \(otherLine)); rules naming one concept must list the same phrases (or none)"
        case let .unreadableFile(path, reason):
            return "Policy: cannot read \(path): \(reason)"
        case let .versionStoreFailed(policyID, version, reason):
            return "Policy: version \(version) of '\(policyID)' was not recorded, the running policy stays: \(reason)"
        }
    }
}
