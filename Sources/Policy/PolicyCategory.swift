/// The 13 moderation categories (OpenAI omni-moderation names), the only category names a
/// policy may use in category and lexicon rules.
public enum PolicyCategory {
    /// All 13 names, in the order the moderation API lists them.
    public static let all: [String] = [
        "harassment", "harassment/threatening", "hate", "hate/threatening", "illicit",
        "illicit/violent", "self-harm", "self-harm/intent", "self-harm/instructions", "sexual",
        "sexual/minors", "violence", "violence/graphic",
    ]

    /// Whether `name` is one of the 13 categories.
    public static func isKnown(_ name: String) -> Bool { all.contains(name) }
}
