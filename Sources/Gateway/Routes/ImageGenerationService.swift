import Audit
import Foundation
import Logging

/// The image routes: `POST /v1/images/generations`, `POST /v1/images/edits`,
/// `GET /v1/images/{id}.png` and `GET /v1/requests/{id}`. Each request goes through
/// ``GuardedGeneration``; this type only turns HTTP into requests and outcomes into answers.
public struct ImageGenerationService: Sendable {
    /// The pipeline, or why it could not be built (then the generating routes answer 503).
    public let pipeline: Result<GuardedGeneration, GatewayFailure>
    public let store: RequestStore
    public let audit: AuditLog
    public let limits: GenerationLimits
    public let multipartLimits: MultipartForm.Limits
    let logger: Logger

    public init(pipeline: Result<GuardedGeneration, GatewayFailure>, store: RequestStore, audit: AuditLog,
                limits: GenerationLimits = GenerationLimits(), multipartLimits: MultipartForm.Limits = MultipartForm.Limits(),
                logger: Logger) {
        self.pipeline = pipeline
        self.store = store
        self.audit = audit
        self.limits = limits
        self.multipartLimits = multipartLimits
        self.logger = logger
    }

    /// `POST /v1/images/generations` (JSON body).
    public func generations(_ request: HTTPRequest, context: RequestContext) async -> HTTPResponse {
        let body: ImageGenerationRequest
        do { body = try ImageGenerationRequest.decode(json: request.body, limits: limits) } catch {
            return error.httpResponse
        }
        return await run(body, http: request, context: context)
    }

    /// `POST /v1/images/edits` (multipart/form-data: image, mask, prompt, ...).
    public func edits(_ request: HTTPRequest, context: RequestContext) async -> HTTPResponse {
        let body: ImageGenerationRequest
        do {
            let form = try MultipartForm(body: request.body, contentType: request.headers["content-type"],
                                         limits: multipartLimits)
            body = try ImageGenerationRequest.decode(form: form, limits: limits)
        } catch {
            return error.httpResponse
        }
        return await run(body, http: request, context: context)
    }

    func run(_ body: ImageGenerationRequest, http: HTTPRequest, context: RequestContext) async -> HTTPResponse {
        let pipeline: GuardedGeneration
        switch self.pipeline {
        case let .success(loaded): pipeline = loaded
        case let .failure(failure):
            return GatewayError.serviceUnavailable(component: "prompt screening", reason: failure.reason).httpResponse
        }
        do {
            let outcome = try await pipeline.run(body, context: context, cancellation: http.cancellation)
            switch outcome {
            case let .completed(result):
                var response = HTTPResponse.json(200, Self.imagesResponse(result, format: body.responseFormat,
                                                                          baseURL: Self.baseURL(of: http)))
                let actions = (result.verdicts + result.images.map(\.verdict)).map(\.action)
                response.headers[Router.decisionHeader] = actions.contains("warn") ? "warn" : "allow"
                return response
            case let .refused(refusal):
                var response = HTTPResponse.json(400, RefusalBody(refusal: refusal))
                response.headers[Router.decisionHeader] = "block"
                return response
            case let .held(held):
                var response = HTTPResponse.json(202, HeldRequestBody(held: held))
                response.headers["Location"] = "/v1/requests/\(held.id)"
                response.headers[Router.decisionHeader] = "review"
                return response
            }
        } catch {
            if case .generationFailed = error { logger.error("\(error)") }
            return error.httpResponse
        }
    }

    /// `GET /v1/images/{file}`: only images that were screened and allowed (registered in the
    /// request store under a random id); the id is checked for its exact form before any lookup.
    public func image(_ request: HTTPRequest) async -> HTTPResponse {
        let file = request.pathParameters["file"] ?? ""
        let id = file.hasSuffix(".png") ? String(file.dropLast(4)) : ""
        let notFound = HTTPResponse.error(404, message: "No image is served under \(request.path).", code: "not_found")
        guard RequestStore.isWellFormed(imageID: id) else { return notFound }
        do {
            guard let sha = try await store.servedImage(id: id) else { return notFound }
            guard let png = audit.images.load(sha256: sha) else {
                return .error(410, message: "This image has been removed under the retention policy.", code: "image_expired")
            }
            return HTTPResponse(status: 200, headers: ["Content-Type": "image/png",
                                                       "Cache-Control": "private, max-age=86400, immutable"], body: png)
        } catch {
            return error.httpResponse
        }
    }

    /// `GET /v1/requests/{id}`: a held request's state; once finished, its result.
    public func poll(_ request: HTTPRequest, context: RequestContext) async -> HTTPResponse {
        let id = request.pathParameters["id"] ?? ""
        let notFound = HTTPResponse.error(404, message: "No request \(id.prefix(64)) is known.", param: "id", code: "not_found")
        guard HeldRequest.isWellFormed(id: id) else { return notFound }
        do {
            guard let held = try await store.held(id: id) else { return notFound }
            if let keyID = context.keyID, let owner = held.keyID, keyID != owner,
               !["reviewer", "policy-admin"].contains(context.role ?? "") {
                return notFound
            }
            switch held.status {
            case .pending, .approved:
                return .json(202, HeldRequestBody(held: held))
            case .denied, .refused:
                return .json(400, RefusalBody(refusal: GenerationRefusal(
                    verdict: held.verdict, param: held.stage == "input_image" ? "image" : "prompt")))
            case .failed:
                return .error(500, message: "The approved request failed: \(held.failure ?? "unknown error").",
                              type: "server_error", code: "generation_failed")
            case .completed:
                var images: [GeneratedImage] = []
                for imageID in held.imageIDs {
                    guard let sha = try await store.servedImage(id: imageID), let png = audit.images.load(sha256: sha) else {
                        return .error(410, message: "The images of this request have been removed under the retention policy.",
                                      code: "image_expired")
                    }
                    images.append(GeneratedImage(id: imageID, sha256: sha, png: png, verdict: held.verdict))
                }
                let result = GenerationResult(requestID: held.id, created: held.updated, seed: held.seed ?? 0,
                                              images: images, verdicts: [held.verdict])
                return .json(200, Self.imagesResponse(result, format: held.request.responseFormat, baseURL: Self.baseURL(of: request)))
            }
        } catch {
            return error.httpResponse
        }
    }

    static func imagesResponse(_ result: GenerationResult, format: ImageGenerationRequest.ResponseFormat,
                               baseURL: String) -> ImagesResponse {
        let items = result.images.map { image in
            format == .url
                ? ImagesResponse.Item(url: "\(baseURL)/v1/images/\(image.id).png")
                : ImagesResponse.Item(b64JSON: image.png.base64EncodedString())
        }
        return ImagesResponse(created: Int(result.created.timeIntervalSince1970), data: items,
                              warden: .init(requestID: result.requestID, seed: result.seed, imageIDs: result.images.map(\.id),
                                            decisions: result.verdicts + result.images.map(\.verdict)))
    }

    /// `http://host:port` as the client addressed this server (Host header), for image URLs.
    static func baseURL(of request: HTTPRequest) -> String {
        let host = request.headers["host"].flatMap { value -> String? in
            let allowed = value.unicodeScalars.allSatisfy { CharacterSet.alphanumerics.contains($0) || ".-:[]".unicodeScalars.contains($0) }
            return allowed && !value.isEmpty ? value : nil
        } ?? "127.0.0.1"
        return "http://\(host)"
    }
}
