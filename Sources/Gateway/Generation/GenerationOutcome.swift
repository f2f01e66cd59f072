import Foundation

/// An image the pipeline made, screened and allowed.
public struct GeneratedImage: Sendable, Equatable {
    /// Id on the image route: `GET /v1/images/{id}.png`.
    public var id: String
    /// SHA-256 of the PNG (its name in the audit image store).
    public var sha256: String
    public var png: Data
    /// The output-image decision that allowed it.
    public var verdict: WardenVerdict
}

/// A finished request: every image screened and allowed, every decision durable.
public struct GenerationResult: Sendable, Equatable {
    public var requestID: String
    public var created: Date
    public var seed: UInt64
    public var images: [GeneratedImage]
    /// The prompt's (and for edits the uploaded image's) verdicts.
    public var verdicts: [WardenVerdict]
}

/// A refusal: the verdict that refused, and the request parameter the caller should change.
public struct GenerationRefusal: Sendable, Equatable {
    public var verdict: WardenVerdict
    /// "prompt" or "image" (OpenAI's `param`).
    public var param: String
}

/// What the guarded pipeline did with a request.
public enum GenerationOutcome: Sendable, Equatable {
    /// Images generated, screened and allowed.
    case completed(GenerationResult)
    /// Refused at some stage (nothing unscreened or refused is returned).
    case refused(GenerationRefusal)
    /// Held for a person (stored durably; poll `/v1/requests/{id}`).
    case held(HeldRequest)
}
