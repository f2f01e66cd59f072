import Foundation

/// The answer of the image routes in OpenAI's shape (`created`, `data[]` with `b64_json` or
/// `url`), plus Warden's `warden` object: the request id, the seed, and every decision made.
public struct ImagesResponse: Encodable, Sendable {
    public struct Item: Encodable, Sendable {
        public var b64JSON: String?
        public var url: String?
        public var revisedPrompt: String?

        enum CodingKeys: String, CodingKey { case b64JSON = "b64_json", url, revisedPrompt = "revised_prompt" }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encodeIfPresent(b64JSON, forKey: .b64JSON)
            try container.encodeIfPresent(url, forKey: .url)
            try container.encode(revisedPrompt, forKey: .revisedPrompt)
        }
    }

    public struct Warden: Encodable, Sendable {
        public var requestID: String
        public var seed: UInt64
        public var imageIDs: [String]
        public var decisions: [WardenVerdict]

        enum CodingKeys: String, CodingKey {
            case requestID = "request_id", seed, imageIDs = "image_ids", decisions
        }
    }

    public var created: Int
    public var data: [Item]
    public var warden: Warden
}

/// A refusal: OpenAI's error object (`content_policy_violation`) plus Warden's verdict.
public struct RefusalBody: Encodable, Sendable {
    public var error: OpenAIError.Detail
    public var warden: WardenVerdict

    public init(refusal: GenerationRefusal) {
        error = OpenAIError.Detail(message: refusal.verdict.message, type: "invalid_request_error",
                                   param: refusal.param, code: "content_policy_violation")
        warden = refusal.verdict
    }
}

/// A request held for review (HTTP 202): where to poll, and why it is held.
public struct HeldRequestBody: Encodable, Sendable {
    public var id: String
    public var object = "image.request"
    public var status: String
    public var stage: String
    public var pollURL: String
    public var message: String
    public var warden: WardenVerdict

    enum CodingKeys: String, CodingKey { case id, object, status, stage, pollURL = "poll_url", message, warden }

    public init(held: HeldRequest) {
        id = held.id
        status = held.status.rawValue
        stage = held.stage
        pollURL = "/v1/requests/\(held.id)"
        message = held.status == .pending
            ? held.verdict.message + " Poll \(pollURL) for the result."
            : "A reviewer approved your request; it is being generated. Poll \(pollURL) for the result."
        warden = held.verdict
    }
}
