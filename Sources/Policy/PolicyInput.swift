/// The screening signals a decision is made from. The audit log stores this value, so a
/// replay can re-decide a logged request with another policy.
public struct PolicyInput: Codable, Sendable, Equatable {
    /// Which stage is being decided.
    public var stage: Stage
    /// The API route, e.g. "/v1/images/generations".
    public var route: String
    /// The API key's id.
    public var keyID: String?
    /// The API key's tenant.
    public var tenant: String?
    /// The API key's role (client, reviewer, policy-admin).
    public var role: String?
    /// Requested image side in pixels (64 or 256), when the route generates.
    public var size: Int?
    /// Number of images requested.
    public var n: Int?
    /// The prompt as the caller typed it.
    public var prompt: String
    /// The prompt after normalisation against evasion.
    public var normalizedPrompt: String
    /// Category -> calibrated probability, over the 13 categories.
    public var categoryScores: [String: Double]
    /// Lexicon terms found in the prompt.
    public var lexiconHits: [LexiconHit]
    /// Exemplar rule id -> similarity to that rule's nearest phrase.
    public var exemplarScores: [String: ExemplarScore]
    /// Concept (in words, as a rule names it) -> calibrated score, for image stages.
    public var imageConcepts: [String: Double]
    /// Nudity classifier score, for image stages.
    public var nudityScore: Double?
    /// Concept -> the phrase of its rule's phrase set that scored highest (image stages; only
    /// concepts whose rules list phrases). Named in the rule's evidence.
    public var imageConceptPhrases: [String: String]

    public init(stage: Stage = .prompt, route: String = "/v1/images/generations", keyID: String? = nil,
                tenant: String? = nil, role: String? = nil, size: Int? = nil, n: Int? = nil,
                prompt: String = "", normalizedPrompt: String? = nil,
                categoryScores: [String: Double] = [:], lexiconHits: [LexiconHit] = [],
                exemplarScores: [String: ExemplarScore] = [:], imageConcepts: [String: Double] = [:],
                nudityScore: Double? = nil, imageConceptPhrases: [String: String] = [:]) {
        self.stage = stage
        self.route = route
        self.keyID = keyID
        self.tenant = tenant
        self.role = role
        self.size = size
        self.n = n
        self.prompt = prompt
        self.normalizedPrompt = normalizedPrompt ?? prompt
        self.categoryScores = categoryScores
        self.lexiconHits = lexiconHits
        self.exemplarScores = exemplarScores
        self.imageConcepts = imageConcepts
        self.nudityScore = nudityScore
        self.imageConceptPhrases = imageConceptPhrases
    }
}

extension PolicyInput {
    /// Decodes leniently: only `stage` is required; a missing field decodes as empty (no
    /// route, no scores, no hits; the normalised prompt falls back to the prompt), so inputs
    /// stored by an older build still replay.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let prompt = try container.decodeIfPresent(String.self, forKey: .prompt) ?? ""
        self.init(stage: try container.decode(Stage.self, forKey: .stage),
                  route: try container.decodeIfPresent(String.self, forKey: .route) ?? "",
                  keyID: try container.decodeIfPresent(String.self, forKey: .keyID),
                  tenant: try container.decodeIfPresent(String.self, forKey: .tenant),
                  role: try container.decodeIfPresent(String.self, forKey: .role),
                  size: try container.decodeIfPresent(Int.self, forKey: .size),
                  n: try container.decodeIfPresent(Int.self, forKey: .n),
                  prompt: prompt,
                  normalizedPrompt: try container.decodeIfPresent(String.self, forKey: .normalizedPrompt) ?? prompt,
                  categoryScores: try container.decodeIfPresent([String: Double].self, forKey: .categoryScores) ?? [:],
                  lexiconHits: try container.decodeIfPresent([LexiconHit].self, forKey: .lexiconHits) ?? [],
                  exemplarScores: try container.decodeIfPresent([String: ExemplarScore].self, forKey: .exemplarScores) ?? [:],
                  imageConcepts: try container.decodeIfPresent([String: Double].self, forKey: .imageConcepts) ?? [:],
                  nudityScore: try container.decodeIfPresent(Double.self, forKey: .nudityScore),
                  imageConceptPhrases: try container.decodeIfPresent([String: String].self,
                                                                     forKey: .imageConceptPhrases) ?? [:])
    }
}
