import Foundation

/// The 13 screening categories, named exactly as OpenAI omni-moderation names them, so
/// `/v1/moderations` can answer in that shape. Lexicon files are named after them with "/"
/// written as "_" (`violence/graphic` -> `violence_graphic.txt`).
public enum ScreeningCategory: String, CaseIterable, Codable, Sendable {
    case harassment
    case harassmentThreatening = "harassment/threatening"
    case hate
    case hateThreatening = "hate/threatening"
    case illicit
    case illicitViolent = "illicit/violent"
    case selfHarm = "self-harm"
    case selfHarmIntent = "self-harm/intent"
    case selfHarmInstructions = "self-harm/instructions"
    case sexual
    case sexualMinors = "sexual/minors"
    case violence
    case violenceGraphic = "violence/graphic"

    /// The 13 names in the order above.
    public static var allNames: [String] { allCases.map(\.rawValue) }

    /// The lexicon file name of a category name: "/" replaced by "_", extension `.txt`.
    public static func fileName(for category: String) -> String {
        category.replacingOccurrences(of: "/", with: "_") + ".txt"
    }

    /// The lexicon file name of this category.
    public var lexiconFileName: String { Self.fileName(for: rawValue) }

    /// The category a lexicon file name stands for, or nil when it names none.
    public init?(lexiconFileName: String) {
        guard let match = Self.allCases.first(where: { $0.lexiconFileName == lexiconFileName }) else { return nil }
        self = match
    }
}
