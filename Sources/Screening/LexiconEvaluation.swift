/// How the lexicons alone do on a labelled prompt set: how often benign prompts get a hit, how
/// often unsafe prompts get a hit in their own category, and how much of that survives each
/// `Obfuscation`. For `warden eval` style reports; the screen as a whole adds the classifier.
public struct LexiconEvaluation: Sendable {
    /// One labelled prompt (no labels: benign).
    public struct Sample: Sendable, Equatable {
        public var text: String
        public var labels: [String]
        public init(text: String, labels: [String]) {
            self.text = text
            self.labels = labels
        }
    }

    /// Hits and totals for one category.
    public struct CategoryRate: Codable, Sendable, Equatable {
        public var category: String
        public var prompts: Int
        public var hit: Int
        public var rate: Double { prompts == 0 ? 0 : Double(hit) / Double(prompts) }
    }

    /// What the evaluation found.
    public struct Report: Codable, Sendable, Equatable {
        /// Hits counted only at or above this weight.
        public var minimumWeight: Double
        public var benignPrompts: Int
        /// Benign prompts with at least one counted hit.
        public var benignFlagged: Int
        public var benignFlaggedExamples: [String]
        /// Per category: unsafe prompts labelled with it, and how many got a hit in it.
        public var categories: [CategoryRate]
        /// Per obfuscation: the share of (prompt, category) hits of the plain unsafe prompts
        /// that the obfuscated prompts keep (1 when there were none).
        public var obfuscationRetention: [String: Double]
        /// Per obfuscation: benign prompts flagged after obfuscation.
        public var obfuscatedBenignFlagged: [String: Int]
    }

    public let matcher: LexiconMatcher
    public let minimumWeight: Double

    public init(matcher: LexiconMatcher, minimumWeight: Double = 0.5) {
        self.matcher = matcher
        self.minimumWeight = minimumWeight
    }

    func categories(_ text: String) -> Set<String> {
        Set(matcher.hits(in: text).filter { $0.weight >= minimumWeight }.map(\.lexicon))
    }

    /// Evaluates `samples`, obfuscating with each of `obfuscations`.
    public func run(_ samples: [Sample], obfuscations: [Obfuscation] = Obfuscation.allCases) -> Report {
        let benign = samples.filter(\.labels.isEmpty)
        let unsafe = samples.filter { !$0.labels.isEmpty }
        var flaggedExamples: [String] = []
        var flagged = 0
        for sample in benign where !categories(sample.text).isEmpty {
            flagged += 1
            if flaggedExamples.count < 20 { flaggedExamples.append(sample.text) }
        }
        var rates: [String: CategoryRate] = [:]
        var plain: [Set<String>] = []
        for sample in unsafe {
            let found = categories(sample.text)
            plain.append(found.intersection(sample.labels))
            for label in sample.labels {
                var rate = rates[label] ?? CategoryRate(category: label, prompts: 0, hit: 0)
                rate.prompts += 1
                if found.contains(label) { rate.hit += 1 }
                rates[label] = rate
            }
        }
        let plainPairs = plain.reduce(0) { $0 + $1.count }
        var retention: [String: Double] = [:]
        var obfuscatedFlagged: [String: Int] = [:]
        for kind in obfuscations {
            var kept = 0
            for (sample, found) in zip(unsafe, plain) where !found.isEmpty {
                kept += categories(PromptObfuscator.obfuscate(sample.text, with: kind)).intersection(found).count
            }
            retention[kind.rawValue] = plainPairs == 0 ? 1 : Double(kept) / Double(plainPairs)
            obfuscatedFlagged[kind.rawValue] = benign.filter {
                !categories(PromptObfuscator.obfuscate($0.text, with: kind)).isEmpty
            }.count
        }
        let ordered = ScreeningCategory.allNames.compactMap { rates[$0] }
            + rates.values.filter { ScreeningCategory(rawValue: $0.category) == nil }.sorted { $0.category < $1.category }
        return Report(minimumWeight: minimumWeight, benignPrompts: benign.count, benignFlagged: flagged,
                      benignFlaggedExamples: flaggedExamples, categories: ordered,
                      obfuscationRetention: retention, obfuscatedBenignFlagged: obfuscatedFlagged)
    }
}
