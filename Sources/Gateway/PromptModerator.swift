import Dispatch
import Foundation
import Policy
import Screening

/// Screening plus policy for prompts: the shared first half of every route and CLI command.
///
/// A policy's semantic exemplar rules list phrases; their embeddings are computed once per policy
/// version (by sha256) and cached, so a hot-swapped policy is embedded on its first use.
public final class PromptModerator: Sendable {
    public let screen: PromptScreen
    public let engine: PolicyEngine
    private let exemplarCache = ExemplarIndexCache()

    public init(screen: PromptScreen, engine: PolicyEngine) {
        self.screen = screen
        self.engine = engine
    }

    /// Screens `prompts` (one encoder batch) and decides each under the running policy, or under
    /// `candidate` (the admin dry-run of a policy not yet saved).
    public func moderate(_ prompts: [String], context: RequestContext, candidate: CompiledPolicy? = nil) throws -> [PromptModeration] {
        let screenings = try screen.screen(prompts)
        let policy = candidate ?? engine.current
        let indexes = try candidate.map { try ExemplarIndexCache().indexes(for: $0, screen: screen) }
            ?? exemplarCache.indexes(for: policy, screen: screen)
        return try screenings.map { screening in
            let start = DispatchTime.now().uptimeNanoseconds
            var exemplarScores: [String: ExemplarScore] = [:]
            for (ruleID, index) in indexes {
                let nearest = try index.nearest(to: screening.encoding.embedding)
                exemplarScores[ruleID] = ExemplarScore(similarity: nearest.similarity, nearest: nearest.phrase)
            }
            let input = PolicyInput(
                stage: .prompt, route: context.route, keyID: context.keyID, tenant: context.tenant,
                role: context.role, size: context.size, n: context.n,
                prompt: screening.normalized.original, normalizedPrompt: screening.normalized.text,
                categoryScores: screening.categoryScores,
                lexiconHits: screening.lexiconHits,
                exemplarScores: exemplarScores)
            let decision = policy.evaluate(input)
            let ms = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
            return PromptModeration(screening: screening, input: input, decision: decision, policyMs: ms)
        }
    }
}

/// Exemplar indexes of the last policy version seen, keyed by rule id.
final class ExemplarIndexCache: @unchecked Sendable {
    private let lock = NSLock()
    private var sha256 = ""
    private var cached: [String: SemanticExemplarIndex] = [:]

    func indexes(for policy: CompiledPolicy, screen: PromptScreen) throws -> [String: SemanticExemplarIndex] {
        lock.lock()
        defer { lock.unlock() }
        if sha256 == policy.sha256 { return cached }
        var built: [String: SemanticExemplarIndex] = [:]
        for rule in policy.exemplarRules where !rule.phrases.isEmpty {
            let embeddings = try screen.encoder.encode(rule.phrases).map(\.embedding)
            built[rule.ruleID] = try SemanticExemplarIndex(phrases: rule.phrases, embeddings: embeddings,
                                                           threshold: rule.threshold)
        }
        sha256 = policy.sha256
        cached = built
        return built
    }
}
