import Foundation

/// A compiled regular expression. `NSRegularExpression` is immutable and documented as safe
/// to use from several threads at once, which is what makes this wrapper `Sendable`.
public struct CompiledRegex: @unchecked Sendable {
    /// The pattern as written in the policy.
    public let pattern: String
    let expression: NSRegularExpression

    init(pattern: String, expression: NSRegularExpression) {
        self.pattern = pattern
        self.expression = expression
    }
}

/// Which prompt text a regex rule searches.
public enum RegexTarget: String, Sendable, CaseIterable {
    /// The prompt as typed.
    case original
    /// The normalised prompt.
    case normalized
    /// The original first, then the normalised one.
    case both
}

/// What signal a rule tests.
public enum RuleMatcher: Sendable {
    /// `categoryScores[name] >= threshold`.
    case category(name: String, threshold: Double)
    /// A lexicon hit of `name` with weight >= minWeight (and, when listed, one of `terms`).
    case lexicon(name: String, minWeight: Double, terms: [String]?)
    /// The regex finds a match in the target text.
    case regex(CompiledRegex, target: RegexTarget)
    /// `exemplarScores[rule id].similarity >= threshold`.
    case exemplar(phrases: [String], threshold: Double)
    /// `imageConcepts[concept] >= threshold`; `phrases` (empty when the rule lists none) spell
    /// the concept out, and image screening scores the concept as that phrase set.
    case imageConcept(concept: String, threshold: Double, phrases: [String])
    /// `nudityScore >= threshold`.
    case nudity(threshold: Double)
    /// Always matches (an exception whose only conditions are on the request).
    case always

    /// The kind word used in documents and traces.
    public var kind: String {
        switch self {
        case .category: return "category"
        case .lexicon: return "lexicon"
        case .regex: return "regex"
        case .exemplar: return "exemplar"
        case .imageConcept: return "image_concept"
        case .nudity: return "nudity"
        case .always: return "always"
        }
    }
}
