import Audit
import Foundation
import Policy

/// `/v1/admin/audit...`: query the decision log (filters + keyset pagination), read one record
/// with its policy trace and chain status, fetch its stored images, verify the whole chain.
/// Reviewer or policy-admin.
struct AdminAuditRoutes: Sendable {
    static let readers: Set<Role> = [.reviewer, .policyAdmin]

    let services: GatewayServices

    func register(in router: inout Router) {
        // `verify` before `{decision_id}`: the router takes the first pattern that matches.
        router.add(.get, "/v1/admin/audit/verify", roles: Self.readers) { _, _ in await verify() }
        router.add(.get, "/v1/admin/audit", roles: Self.readers) { request, _ in await query(request) }
        router.add(.get, "/v1/admin/audit/{decision_id}", roles: Self.readers) { request, _ in await record(request) }
        router.add(.get, "/v1/admin/audit/{decision_id}/image/{n}", roles: Self.readers) { request, _ in
            await image(request)
        }
    }

    /// The query of `GET /v1/admin/audit`, or the 400 naming the bad argument.
    static func auditQuery(_ request: HTTPRequest) -> Result<AuditQuery, HTTPResponse> {
        struct Refusal: Error {
            var response: HTTPResponse
            init(_ response: HTTPResponse) { self.response = response }
            init(_ status: Int, message: String, param: String, code: String) {
                response = .error(status, message: message, param: param, code: code)
            }
        }
        var query = AuditQuery()
        let q = request.query
        func date(_ name: String) throws(Refusal) -> Date? {
            guard let text = q[name], !text.isEmpty else { return nil }
            guard let parsed = try? AuditQuery.parseDate(text) else {
                throw Refusal(400, message: "'\(name)' is '\(text)'; use YYYY-MM-DD or an ISO 8601 time such as 2026-11-24T20:00:00Z.",
                             param: name, code: "invalid_parameter")
            }
            return parsed
        }
        func word(_ name: String, _ allowed: [String]) throws(Refusal) -> String? {
            guard let text = q[name], !text.isEmpty else { return nil }
            guard allowed.contains(text) else {
                throw Refusal(400, message: "'\(name)' is '\(text)'; use one of: \(allowed.joined(separator: ", ")).",
                             param: name, code: "invalid_parameter")
            }
            return text
        }
        do throws(Refusal) {
            query.since = try date("since")
            query.until = try date("until")
            query.action = try word("decision", PolicyAction.allCases.map(\.rawValue))
            query.stage = try word("stage", Stage.allCases.map(\.rawValue))
            _ = try word("order", ["newest", "oldest"])
            query.newestFirst = q["order"] != "oldest"
            query.category = q["category"].flatMap { $0.isEmpty ? nil : $0 }
            query.rule = q["rule"].flatMap { $0.isEmpty ? nil : $0 }
            query.apiKeyID = q["key"].flatMap { $0.isEmpty ? nil : $0 }
            if let text = q["q"], !text.isEmpty {
                guard text.contains(where: { $0.isLetter || $0.isNumber }) else {
                    throw Refusal(400, message: "'q' holds no words to search for.", param: "q", code: "invalid_parameter")
                }
                query.text = text
            }
            if let text = q["min_score"], !text.isEmpty {
                guard let score = Double(text), (0...1).contains(score) else {
                    throw Refusal(400, message: "'min_score' must be a number between 0 and 1; got '\(text)'.",
                                 param: "min_score", code: "invalid_parameter")
                }
                query.minimumScore = score
            }
            switch AdminJSON.integer(request, "limit", default: 50, in: 1...1_000) {
            case let .failure(refusal): throw Refusal(refusal)
            case let .success(limit): query.limit = limit ?? 50
            }
            if let text = q["cursor"], !text.isEmpty {
                guard let cursor = Int64(text), cursor >= 0 else {
                    throw Refusal(400, message: "'cursor' must be the next_cursor of a previous page; got '\(text)'.",
                                 param: "cursor", code: "invalid_parameter")
                }
                query.cursor = cursor
            }
        } catch {
            return .failure(error.response)
        }
        return .success(query)
    }

    func query(_ request: HTTPRequest) async -> HTTPResponse {
        let query: AuditQuery
        switch Self.auditQuery(request) {
        case let .failure(refusal): return refusal
        case let .success(value): query = value
        }
        do {
            let page = try await services.audit.query(query)
            var body = Data(#"{"data":["#.utf8)
            for (index, record) in page.records.enumerated() {
                if index > 0 { body.append(UInt8(ascii: ",")) }
                body.append(try record.exportJSON())
            }
            body.append(Data(#"],"next_cursor":"#.utf8))
            body.append(Data((page.nextCursor.map { "\"\($0)\"" } ?? "null").utf8))
            body.append(Data(#","object":"list"}"#.utf8))
            return HTTPResponse(status: 200, headers: ["Content-Type": "application/json"], body: body)
        } catch {
            return .error(503, message: "The audit log cannot be read: \(error)", type: "server_error", code: "audit_unavailable")
        }
    }

    /// The record named by the `decision_id` path parameter, or the 400/404/503.
    func lookup(_ request: HTTPRequest) async -> Result<AuditRecord, HTTPResponse> {
        let text = request.pathParameters["decision_id"] ?? ""
        guard let id = UUID(uuidString: text) else {
            return .failure(.error(400, message: "'\(text)' is not a decision id (a UUID).", param: "decision_id",
                                   code: "invalid_parameter"))
        }
        do {
            guard let record = try await services.audit.record(decisionID: id) else {
                return .failure(.error(404, message: "No decision \(text.lowercased()) in the audit log.",
                                       param: "decision_id", code: "not_found"))
            }
            return .success(record)
        } catch {
            return .failure(.error(503, message: "The audit log cannot be read: \(error)", type: "server_error",
                                   code: "audit_unavailable"))
        }
    }

    struct TraceView: Encodable {
        /// The decision re-evaluated from the stored input with the stored policy version.
        var decision: PolicyDecision?
        /// Whether the re-evaluation reproduces the logged action.
        var reproduces: Bool?
        /// Why there is no trace, when there is none.
        var unavailable: String?
    }

    struct ChainView: Encodable {
        var intact: Bool
        var hashMatches: Bool
        var linkMatches: Bool
        var detail: String
    }

    func record(_ request: HTTPRequest) async -> HTTPResponse {
        let record: AuditRecord
        switch await lookup(request) {
        case let .failure(refusal): return refusal
        case let .success(found): record = found
        }
        let trace = await trace(of: record)
        let chain: ChainView
        do {
            if let status = try await services.audit.chainStatus(sequence: record.sequence) {
                chain = ChainView(intact: status.isIntact, hashMatches: status.hashMatches, linkMatches: status.linkMatches,
                                  detail: status.detail)
            } else {
                chain = ChainView(intact: false, hashMatches: false, linkMatches: false, detail: "the row disappeared while it was read")
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            encoder.keyEncodingStrategy = .convertToSnakeCase
            var body = Data(#"{"chain":"#.utf8)
            body.append(try encoder.encode(chain))
            body.append(Data(#","record":"#.utf8))
            body.append(try record.exportJSON())
            body.append(Data(#","trace":"#.utf8))
            body.append(try encoder.encode(trace))
            body.append(UInt8(ascii: "}"))
            return HTTPResponse(status: 200, headers: ["Content-Type": "application/json"], body: body)
        } catch {
            return .error(503, message: "The audit log cannot be read: \(error)", type: "server_error", code: "audit_unavailable")
        }
    }

    /// Re-decides the stored input with the policy version that decided it (found by sha256).
    func trace(of record: AuditRecord) async -> TraceView {
        guard let input = record.draft.policyInput else {
            return TraceView(unavailable: "the record holds no policy input")
        }
        let stored: PolicyVersionRecord?
        do { stored = try await services.policyVersions.version(sha256: record.draft.policySHA256) } catch {
            return TraceView(unavailable: "policy versions cannot be read: \(error)")
        }
        guard let stored else {
            return TraceView(unavailable: "policy \(record.draft.policyID) \(record.draft.policyVersion) (sha256 \(record.draft.policySHA256)) is not in the version store")
        }
        do {
            let running = try? services.policy.get().current
            let policy = try running.flatMap { $0.sha256 == stored.sha256 ? $0 : nil }
                ?? PolicyCompiler.compile(text: stored.text, source: "revision \(stored.revision)")
            let decision = policy.evaluate(input)
            return TraceView(decision: decision, reproduces: decision.action.rawValue == record.draft.action)
        } catch {
            return TraceView(unavailable: "the stored policy no longer compiles: \(error)")
        }
    }

    func image(_ request: HTTPRequest) async -> HTTPResponse {
        let record: AuditRecord
        switch await lookup(request) {
        case let .failure(refusal): return refusal
        case let .success(found): record = found
        }
        let text = request.pathParameters["n"] ?? ""
        let hashes = record.draft.imageHashes
        guard let index = Int(text), index >= 0 else {
            return .error(400, message: "'n' must be an image index (0, 1, ...); got '\(text)'.", param: "n",
                          code: "invalid_parameter")
        }
        guard index < hashes.count else {
            return .error(404, message: "Decision \(record.decisionID.uuidString.lowercased()) has \(hashes.count) image(s); there is no image \(index).",
                          param: "n", code: "not_found")
        }
        guard let data = services.audit.images.load(sha256: hashes[index]) else {
            return .error(404, message: "Image \(index) (sha256 \(hashes[index])) is no longer stored (purged by retention).",
                          param: "n", code: "image_purged")
        }
        return HTTPResponse(status: 200, headers: ["Content-Type": "image/png", "Cache-Control": "private, max-age=3600"], body: data)
    }

    func verify() async -> HTTPResponse {
        do {
            let result = try await services.audit.verify()
            struct Answer: Encodable {
                var intact: Bool
                var verification: AuditVerification
            }
            return AdminJSON.response(200, Answer(intact: result.isIntact, verification: result))
        } catch {
            return .error(503, message: "The audit log cannot be verified: \(error)", type: "server_error",
                          code: "audit_unavailable")
        }
    }
}
