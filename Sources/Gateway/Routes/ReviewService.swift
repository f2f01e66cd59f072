import Audit
import Foundation

/// The reviewers' routes: `GET /v1/admin/reviews` (held requests, pending by default),
/// `POST /v1/admin/reviews/{id}/approve` and `/deny` with `{"note": "..."}`, and
/// `GET /v1/admin/reviews/{id}/images/{n}` (an output image held for review, for the reviewer's
/// eyes only). Every approval and denial is audit-logged before the answer.
public struct ReviewService: Sendable {
    public let pipeline: Result<GuardedGeneration, GatewayFailure>
    public let store: RequestStore
    public let audit: AuditLog

    public init(pipeline: Result<GuardedGeneration, GatewayFailure>, store: RequestStore, audit: AuditLog) {
        self.pipeline = pipeline
        self.store = store
        self.audit = audit
    }

    /// One held request as a reviewer sees it.
    struct Item: Encodable {
        var id: String
        var status: String
        var stage: String
        var created: Int
        var updated: Int
        var route: String
        var keyID: String?
        var prompt: String
        var negativePrompt: String?
        var n: Int
        var size: String
        var isEdit: Bool
        var heldImages: [String]
        var reviewerKeyID: String?
        var note: String?
        var warden: WardenVerdict

        enum CodingKeys: String, CodingKey {
            case id, status, stage, created, updated, route, keyID = "key_id", prompt, negativePrompt = "negative_prompt"
            case n, size, isEdit = "is_edit", heldImages = "held_images", reviewerKeyID = "reviewer_key_id", note, warden
        }

        init(_ held: HeldRequest) {
            id = held.id
            status = held.status.rawValue
            stage = held.stage
            created = Int(held.created.timeIntervalSince1970)
            updated = Int(held.updated.timeIntervalSince1970)
            route = held.request.route
            keyID = held.keyID
            prompt = held.request.prompt
            negativePrompt = held.request.negativePrompt
            n = held.request.n
            size = "\(held.request.size)x\(held.request.size)"
            isEdit = held.request.edit != nil
            heldImages = held.heldImageHashes.indices.map { "/v1/admin/reviews/\(held.id)/images/\($0)" }
            reviewerKeyID = held.reviewerKeyID
            note = held.note
            warden = held.verdict
        }
    }

    struct ListBody: Encodable {
        var object = "list"
        var data: [Item]
    }

    struct DecisionBody: Decodable {
        var note: String?
    }

    /// `GET /v1/admin/reviews?status=pending|approved|denied|completed|refused|failed|all&limit=N`.
    public func list(_ request: HTTPRequest) async -> HTTPResponse {
        let statusText = request.query["status"] ?? "pending"
        var status: HeldRequest.Status?
        if statusText != "all" {
            guard let parsed = HeldRequest.Status(rawValue: statusText) else {
                let names = (HeldRequest.Status.allCases.map(\.rawValue) + ["all"]).joined(separator: ", ")
                return .error(400, message: "status '\(statusText.prefix(40))' is unknown; use one of \(names).",
                              param: "status", code: "invalid_status")
            }
            status = parsed
        }
        var limit = 100
        if let text = request.query["limit"] {
            guard let value = Int(text), (1...1_000).contains(value) else {
                return .error(400, message: "limit must be a whole number from 1 to 1000.", param: "limit", code: "invalid_limit")
            }
            limit = value
        }
        do {
            return .json(200, ListBody(data: try await store.list(status: status, limit: limit).map(Item.init)))
        } catch {
            return error.httpResponse
        }
    }

    /// `POST /v1/admin/reviews/{id}/approve` or `/deny`.
    public func decide(_ request: HTTPRequest, context: RequestContext, approve: Bool) async -> HTTPResponse {
        let id = request.pathParameters["id"] ?? ""
        guard HeldRequest.isWellFormed(id: id) else {
            return .error(404, message: "No held request \(id.prefix(64)) is known.", param: "id", code: "not_found")
        }
        var note: String?
        if !request.body.isEmpty {
            do { note = try request.decodeJSON(DecisionBody.self).note } catch { return .invalidJSON(error) }
        }
        if let text = note, text.count > 2_000 {
            return .error(400, message: "The note has \(text.count) characters; at most 2000 are accepted.", param: "note",
                          code: "invalid_note")
        }
        let pipeline: GuardedGeneration
        switch self.pipeline {
        case let .success(loaded): pipeline = loaded
        case let .failure(failure):
            return GatewayError.serviceUnavailable(component: "the generation pipeline", reason: failure.reason).httpResponse
        }
        do {
            let decided = approve
                ? try await pipeline.approve(id: id, reviewerKeyID: context.keyID, note: note)
                : try await pipeline.deny(id: id, reviewerKeyID: context.keyID, note: note)
            guard let decided else {
                if let existing = try await store.held(id: id) {
                    return .error(409, message: "Request \(id) is \(existing.status.rawValue), not pending; it cannot be decided again.",
                                  param: "id", code: "not_pending")
                }
                return .error(404, message: "No held request \(id) is known.", param: "id", code: "not_found")
            }
            return .json(200, Item(decided))
        } catch {
            return error.httpResponse
        }
    }

    /// `GET /v1/admin/reviews/{id}/images/{n}`: an image held at the output stage.
    public func heldImage(_ request: HTTPRequest) async -> HTTPResponse {
        let id = request.pathParameters["id"] ?? ""
        let notFound = HTTPResponse.error(404, message: "No held image at \(request.path).", code: "not_found")
        guard HeldRequest.isWellFormed(id: id), let index = Int(request.pathParameters["n"] ?? "") else { return notFound }
        do {
            guard let held = try await store.held(id: id), held.heldImageHashes.indices.contains(index),
                  let png = audit.images.load(sha256: held.heldImageHashes[index]) else { return notFound }
            return HTTPResponse(status: 200, headers: ["Content-Type": "image/png", "Cache-Control": "private, no-store"], body: png)
        } catch {
            return error.httpResponse
        }
    }
}
