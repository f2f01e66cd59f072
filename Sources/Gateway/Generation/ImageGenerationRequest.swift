import Foundation

/// A validated request to generate (or edit) images: what `POST /v1/images/generations`,
/// `POST /v1/images/edits`, `warden generate` and `warden edit` all turn into. Codable so a
/// request held for review survives a restart (the edit's PNGs travel as base64).
public struct ImageGenerationRequest: Codable, Sendable, Equatable {
    /// How the caller wants the images: inline base64 PNG or a URL on Warden's image route.
    public enum ResponseFormat: String, Codable, Sendable, CaseIterable {
        case b64JSON = "b64_json"
        case url
    }

    /// An edit's uploads: the PNG to change and the PNG whose transparent pixels mark where
    /// (nil: the image's own transparency, as OpenAI does).
    public struct EditUpload: Codable, Sendable, Equatable {
        public var imagePNG: Data
        public var maskPNG: Data?

        public init(imagePNG: Data, maskPNG: Data?) {
            self.imagePNG = imagePNG
            self.maskPNG = maskPNG
        }
    }

    public var prompt: String
    /// Images wanted, 1...4.
    public var n: Int
    /// Side in pixels: 64 or 256.
    public var size: Int
    public var responseFormat: ResponseFormat
    /// OpenAI's end-user id, logged only.
    public var user: String?
    /// Warden extensions.
    public var seed: UInt64?
    public var steps: Int?
    public var guidance: Float?
    public var negativePrompt: String?
    /// Set for edits.
    public var edit: EditUpload?

    public init(prompt: String, n: Int = 1, size: Int = 64, responseFormat: ResponseFormat = .b64JSON,
                user: String? = nil, seed: UInt64? = nil, steps: Int? = nil, guidance: Float? = nil,
                negativePrompt: String? = nil, edit: EditUpload? = nil) {
        self.prompt = prompt
        self.n = n
        self.size = size
        self.responseFormat = responseFormat
        self.user = user
        self.seed = seed
        self.steps = steps
        self.guidance = guidance
        self.negativePrompt = negativePrompt
        self.edit = edit
    }

    /// The route this request came through (policy conditions read it).
    public var route: String { edit == nil ? "/v1/images/generations" : "/v1/images/edits" }
}
