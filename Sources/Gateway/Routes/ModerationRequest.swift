/// The body of `POST /v1/moderations`, as OpenAI's API takes it: `input` is one string or an
/// array of strings; `model` is accepted and ignored (Warden has one moderation model).
public struct ModerationRequest: Decodable, Sendable, Equatable {
    public var inputs: [String]
    public var model: String?

    enum CodingKeys: String, CodingKey { case input, model }

    public init(inputs: [String], model: String? = nil) {
        self.inputs = inputs
        self.model = model
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        model = try container.decodeIfPresent(String.self, forKey: .model)
        if let single = try? container.decode(String.self, forKey: .input) {
            inputs = [single]
        } else {
            inputs = try container.decode([String].self, forKey: .input)
        }
    }
}

/// The answer of `POST /v1/moderations` in OpenAI's shape.
public struct ModerationResponse: Encodable, Sendable {
    public var id: String
    public var model: String
    public var results: [ModerationResult]
}
