import Audit
import Foundation
import Policy

/// `/v1/admin/policies/...`: read, replace (validated, hot-swapped, versioned), dry-run, list,
/// diff, roll back and replay the running policy. GETs: policy-admin or reviewer; changes and
/// dry-runs: policy-admin.
struct AdminPolicyRoutes: Sendable {
    static let readers: Set<Role> = [.policyAdmin, .reviewer]
    static let writers: Set<Role> = [.policyAdmin]
    /// Largest policy document accepted (bytes).
    static let maximumPolicyBytes = 1 << 20
    /// Longest prompt a dry-run screens: the image routes' limit (pipeline's `GenerationLimits`).
    static let maximumPromptCharacters = 4_000
    /// Most logged requests one replay re-decides.
    static let maximumReplay = 100_000

    let services: GatewayServices

    func register(in router: inout Router) {
        router.add(.get, "/v1/admin/policies/current", roles: Self.readers) { _, _ in await current() }
        router.add(.put, "/v1/admin/policies/current", roles: Self.writers) { request, context in
            await replace(request, context)
        }
        router.add(.post, "/v1/admin/policies/validate", roles: Self.writers) { request, _ in await validate(request) }
        router.add(.post, "/v1/admin/policies/dry-run", roles: Self.writers) { request, context in
            await dryRun(request, context)
        }
        router.add(.get, "/v1/admin/policies/versions", roles: Self.readers) { _, _ in await versions() }
        router.add(.get, "/v1/admin/policies/versions/{revision}", roles: Self.readers) { request, _ in
            await version(request)
        }
        router.add(.get, "/v1/admin/policies/diff", roles: Self.readers) { request, _ in await diff(request) }
        router.add(.post, "/v1/admin/policies/rollback", roles: Self.writers) { request, context in
            await rollback(request, context)
        }
        router.add(.post, "/v1/admin/policies/replay", roles: Self.writers) { request, _ in await replay(request) }
    }

    /// A policy as the routes describe it.
    struct PolicySummary: Encodable {
        var id: String
        var version: String
        var description: String
        var defaultAction: String
        var rules: Int
        var sha256: String
        var revision: Int?
        var text: String?
    }

    func summary(_ policy: CompiledPolicy, revision: Int?, text: Bool) -> PolicySummary {
        PolicySummary(id: policy.id, version: policy.version, description: policy.description,
                      defaultAction: policy.defaultAction.rawValue, rules: policy.rules.count, sha256: policy.sha256,
                      revision: revision, text: text ? policy.text : nil)
    }

    /// The running engine, or the 503 saying why there is none.
    func runningEngine() throws(HTTPResponse) -> PolicyEngine {
        switch services.policy {
        case let .success(engine): return engine
        case let .failure(failure):
            throw .error(503, message: "No policy is loaded: \(failure.reason)", type: "server_error", code: "policy_unavailable")
        }
    }

    func revision(of policy: CompiledPolicy) async -> Int? {
        (try? await services.policyVersions.version(sha256: policy.sha256))?.revision
    }

    func current() async -> HTTPResponse {
        do throws(HTTPResponse) {
            let policy = try runningEngine().current
            return AdminJSON.response(200, summary(policy, revision: await revision(of: policy), text: true))
        } catch {
            return error
        }
    }

    /// The body as policy text, or the 400/413 saying why it is not.
    static func policyText(_ body: Data, param: String) -> Result<String, HTTPResponse> {
        guard body.count <= maximumPolicyBytes else {
            return .failure(.error(413, message: "The policy document has \(body.count) bytes; at most \(maximumPolicyBytes) are accepted.",
                                   param: param, code: "policy_too_large"))
        }
        guard let text = String(data: body, encoding: .utf8) else {
            return .failure(.error(400, message: "The policy document is not UTF-8 text.", param: param, code: "invalid_policy"))
        }
        return .success(text)
    }

    func replace(_ request: HTTPRequest, _ context: RequestContext) async -> HTTPResponse {
        let engine: PolicyEngine
        do { engine = try runningEngine() } catch { return error }
        let text: String
        switch Self.policyText(request.body, param: "policy") {
        case let .failure(refusal): return refusal
        case let .success(value): text = value
        }
        let comment = request.query["comment"] ?? ""
        do throws(PolicyError) {
            let policy = try await engine.swap(toText: text, source: "policy edit", author: context.keyID, comment: comment)
            return AdminJSON.response(200, summary(policy, revision: await revision(of: policy), text: false))
        } catch {
            return AdminJSON.policyRefused(error, param: "policy")
        }
    }

    struct ValidationAnswer: Encodable {
        var candidate: PolicySummary
        /// What the candidate changes against the running policy.
        var diff: PolicyDiff
    }

    /// Compiles a candidate (YAML body) without saving it: 200 with what it changes against
    /// the running policy, or 422 with the line and column of the first error.
    func validate(_ request: HTTPRequest) async -> HTTPResponse {
        let engine: PolicyEngine
        do { engine = try runningEngine() } catch { return error }
        let text: String
        switch Self.policyText(request.body, param: "policy") {
        case let .failure(refusal): return refusal
        case let .success(value): text = value
        }
        do throws(PolicyError) {
            let candidate = try PolicyCompiler.compile(text: text, source: "candidate")
            return AdminJSON.response(200, ValidationAnswer(candidate: summary(candidate, revision: nil, text: false),
                                                            diff: PolicyDiff(from: engine.current, to: candidate)))
        } catch {
            return AdminJSON.policyRefused(error, param: "policy")
        }
    }

    struct DryRunBody: Decodable {
        var prompt: String
        var yaml: String?
    }

    struct DryRunAnswer: Encodable {
        var policy: PolicySummary
        var decision: PolicyDecision
        var warden: WardenVerdict
        var categoryScores: [String: Double]
        var flaggedCategories: [String]
        var normalizedPrompt: String
    }

    func dryRun(_ request: HTTPRequest, _ context: RequestContext) async -> HTTPResponse {
        let body: DryRunBody
        do { body = try request.decodeJSON(DryRunBody.self) } catch { return AdminJSON.badBody(error, param: "prompt") }
        if body.prompt.allSatisfy(\.isWhitespace) || body.prompt.count > Self.maximumPromptCharacters {
            return .error(400, message: "'prompt' must hold 1 to \(Self.maximumPromptCharacters) characters; it has \(body.prompt.count).",
                          param: "prompt", code: "invalid_value")
        }
        var candidate: CompiledPolicy?
        if let yaml = body.yaml {
            guard yaml.utf8.count <= Self.maximumPolicyBytes else {
                return .error(413, message: "The policy document is larger than \(Self.maximumPolicyBytes) bytes.",
                              param: "yaml", code: "policy_too_large")
            }
            do { candidate = try PolicyCompiler.compile(text: yaml, source: "dry-run candidate") } catch {
                return AdminJSON.policyRefused(error, param: "yaml")
            }
        }
        let moderator: PromptModerator
        switch services.moderator {
        case let .success(loaded): moderator = loaded
        case let .failure(failure):
            return .error(503, message: "Prompt screening is unavailable: \(failure.reason)", type: "server_error",
                          code: "screening_unavailable")
        }
        var dryContext = context
        dryContext.route = request.query["route"] ?? "/v1/images/generations"
        do {
            guard let moderation = try moderator.moderate([body.prompt], context: dryContext, candidate: candidate).first else {
                return .error(500, message: "Screening returned no result.", type: "server_error", code: "screening_failed")
            }
            let policy = candidate ?? moderator.engine.current
            let revision = candidate == nil ? await revision(of: policy) : nil
            return AdminJSON.response(200, DryRunAnswer(
                policy: summary(policy, revision: revision, text: false), decision: moderation.decision,
                warden: WardenVerdict(decisionID: "dry-run", moderation: moderation),
                categoryScores: moderation.screening.categoryScores,
                flaggedCategories: moderation.screening.flaggedCategories,
                normalizedPrompt: moderation.screening.normalized.text))
        } catch {
            return .error(500, message: "Screening failed: \(error)", type: "server_error", code: "screening_failed")
        }
    }

    struct VersionView: Encodable {
        var revision: Int
        var policyId: String
        var version: String
        var sha256: String
        var authorKeyId: String?
        var time: Date
        var comment: String
        var running: Bool
        var text: String?

        init(_ record: PolicyVersionRecord, running: Bool, text: Bool) {
            revision = record.revision
            policyId = record.policyID
            version = record.version
            sha256 = record.sha256
            authorKeyId = record.authorKeyID
            time = record.time
            comment = record.comment
            self.running = running
            self.text = text ? record.text : nil
        }
    }

    struct VersionList: Encodable {
        var policyId: String
        var data: [VersionView]
    }

    func versions() async -> HTTPResponse {
        let running: CompiledPolicy
        do { running = try runningEngine().current } catch { return error }
        do {
            let records = try await services.policyVersions.list(policyID: running.id)
            let runningRevision = records.last(where: { $0.sha256 == running.sha256 })?.revision
            return AdminJSON.response(200, VersionList(policyId: running.id, data: records.reversed().map {
                VersionView($0, running: $0.revision == runningRevision, text: false)
            }))
        } catch {
            return .error(503, message: "Policy versions cannot be read: \(error)", type: "server_error",
                          code: "policy_store_unavailable")
        }
    }

    /// The stored record of `revision` of the running policy's id, or the 400/404/503.
    func stored(_ text: String?, param: String) async -> Result<PolicyVersionRecord, HTTPResponse> {
        let engine: PolicyEngine
        do { engine = try runningEngine() } catch { return .failure(error) }
        guard let text, let revision = Int(text), revision >= 1 else {
            return .failure(.error(400, message: "'\(param)' must be a revision number (1, 2, ...); got '\(text ?? "")'.",
                                   param: param, code: "invalid_parameter"))
        }
        let policyID = engine.current.id
        do {
            return .success(try await services.policyVersions.get(policyID: policyID, revision: revision))
        } catch AuditError.policyVersionNotFound {
            return .failure(.error(404, message: "Policy \(policyID) has no revision \(revision).", param: param,
                                   code: "not_found"))
        } catch {
            return .failure(.error(503, message: "Policy versions cannot be read: \(error)", type: "server_error",
                                   code: "policy_store_unavailable"))
        }
    }

    func version(_ request: HTTPRequest) async -> HTTPResponse {
        switch await stored(request.pathParameters["revision"], param: "revision") {
        case let .failure(refusal): return refusal
        case let .success(record):
            let running = (try? runningEngine().current.sha256) == record.sha256
            return AdminJSON.response(200, VersionView(record, running: running, text: true))
        }
    }

    struct DiffAnswer: Encodable {
        struct Side: Encodable {
            var revision: Int?
            var version: String
            var sha256: String
            var text: String
        }
        var from: Side
        var to: Side
        var diff: PolicyDiff
    }

    func diff(_ request: HTTPRequest) async -> HTTPResponse {
        let engine: PolicyEngine
        do { engine = try runningEngine() } catch { return error }
        let old: PolicyVersionRecord
        switch await stored(request.query["from"], param: "from") {
        case let .failure(refusal): return refusal
        case let .success(record): old = record
        }
        let newText: String
        let newRevision: Int?
        if let to = request.query["to"], !to.isEmpty, to != "current" {
            switch await stored(to, param: "to") {
            case let .failure(refusal): return refusal
            case let .success(record): newText = record.text; newRevision = record.revision
            }
        } else {
            newText = engine.current.text
            newRevision = await revision(of: engine.current)
        }
        do throws(PolicyError) {
            let before = try PolicyCompiler.compile(text: old.text, source: "revision \(old.revision)")
            let after = try PolicyCompiler.compile(text: newText, source: "revision \(newRevision.map(String.init) ?? "current")")
            return AdminJSON.response(200, DiffAnswer(
                from: .init(revision: old.revision, version: before.version, sha256: before.sha256, text: before.text),
                to: .init(revision: newRevision, version: after.version, sha256: after.sha256, text: after.text),
                diff: PolicyDiff(from: before, to: after)))
        } catch {
            return AdminJSON.policyRefused(error, param: "from")
        }
    }

    struct RollbackBody: Decodable {
        var revision: Int

        enum CodingKeys: String, CodingKey { case version, revision }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            let key: CodingKeys = container.contains(.revision) ? .revision : .version
            if let number = try? container.decode(Int.self, forKey: key) {
                revision = number
            } else if let text = try? container.decode(String.self, forKey: key), let number = Int(text) {
                revision = number
            } else {
                throw DecodingError.keyNotFound(CodingKeys.version, .init(codingPath: [], debugDescription: "revision number"))
            }
        }
    }

    func rollback(_ request: HTTPRequest, _ context: RequestContext) async -> HTTPResponse {
        let engine: PolicyEngine
        do { engine = try runningEngine() } catch { return error }
        let body: RollbackBody
        do { body = try request.decodeJSON(RollbackBody.self) } catch { return AdminJSON.badBody(error, param: "version") }
        let record: PolicyVersionRecord
        switch await stored(String(body.revision), param: "version") {
        case let .failure(refusal): return refusal
        case let .success(found): record = found
        }
        do throws(PolicyError) {
            let policy = try await engine.swap(toText: record.text, source: "rollback to revision \(record.revision)",
                                               author: context.keyID, comment: "rollback to revision \(record.revision)")
            return AdminJSON.response(200, summary(policy, revision: await revision(of: policy), text: false))
        } catch {
            return AdminJSON.policyRefused(error, param: "version")
        }
    }

    struct ReplayBody: Decodable {
        var yaml: String
        var limit: Int?
    }

    struct ReplayAnswer: Encodable {
        var candidate: PolicySummary
        var requested: Int
        var report: ReplayReport
    }

    func replay(_ request: HTTPRequest) async -> HTTPResponse {
        let body: ReplayBody
        do { body = try request.decodeJSON(ReplayBody.self) } catch { return AdminJSON.badBody(error, param: "yaml") }
        let limit = body.limit ?? 1_000
        guard (1...Self.maximumReplay).contains(limit) else {
            return .error(400, message: "'limit' must be in 1...\(Self.maximumReplay); got \(limit).", param: "limit",
                          code: "invalid_parameter")
        }
        guard body.yaml.utf8.count <= Self.maximumPolicyBytes else {
            return .error(413, message: "The policy document is larger than \(Self.maximumPolicyBytes) bytes.",
                          param: "yaml", code: "policy_too_large")
        }
        let candidate: CompiledPolicy
        do { candidate = try PolicyCompiler.compile(text: body.yaml, source: "replay candidate") } catch {
            return AdminJSON.policyRefused(error, param: "yaml")
        }
        do {
            let since = try await LoggedWindow.start(ofLast: limit, in: services.audit)
            let report = try await ReplayEngine(log: services.audit).replay(candidate: candidate, since: since)
            return AdminJSON.response(200, ReplayAnswer(candidate: summary(candidate, revision: nil, text: false),
                                                        requested: limit, report: report))
        } catch {
            return .error(503, message: "The audit log cannot be replayed: \(error)", type: "server_error",
                          code: "audit_unavailable")
        }
    }
}

/// The time window holding the last N logged decisions.
enum LoggedWindow {
    /// The time of the N-th newest decision (nil when there are fewer: replay them all).
    static func start(ofLast count: Int, in log: AuditLog) async throws -> Date? {
        var remaining = count
        var cursor: Int64?
        var oldest: Date?
        while remaining > 0 {
            let page = try await log.query(AuditQuery(cursor: cursor, limit: min(1_000, remaining)))
            guard let last = page.records.last else { return nil }
            oldest = last.draft.time
            remaining -= page.records.count
            guard let next = page.nextCursor else { return remaining > 0 ? nil : oldest }
            cursor = next
        }
        return oldest
    }
}
