/// `GET /v1/models`: the models this gateway serves, in OpenAI's list shape.
public enum ModelList {
    /// One entry of the list.
    public struct Model: Encodable, Sendable, Equatable {
        public var id: String
        public var object = "model"
        /// Unix time of creation; Warden does not track one, so 0.
        public var created = 0
        public var ownedBy = "warden"

        enum CodingKeys: String, CodingKey { case id, object, created, ownedBy = "owned_by" }
    }

    struct List: Encodable {
        var object = "list"
        var data: [Model]
    }

    /// The models: the moderation model (the ids OpenAI clients send are accepted too) and the
    /// image generator.
    public static let models: [Model] = [
        Model(id: "warden-moderation-\(BuildInfo.version)"),
        Model(id: "warden-image-\(BuildInfo.version)"),
    ]

    public static func response() -> HTTPResponse { .json(200, List(data: models)) }
}
