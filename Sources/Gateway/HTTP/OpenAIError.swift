/// The error body OpenAI's API returns, so that existing clients parse Warden's errors:
/// `{"error": {"message": ..., "type": ..., "param": ..., "code": ...}}` (`param` and `code`
/// are `null` when absent, never missing).
public struct OpenAIError: Codable, Sendable, Equatable {
    /// The payload under the `error` key.
    public struct Detail: Codable, Sendable, Equatable {
        /// A sentence for the caller.
        public var message: String
        /// The class of error: "invalid_request_error", "server_error", ...
        public var type: String
        /// The request parameter at fault, if one is.
        public var param: String?
        /// A machine-readable code such as "not_found" or "content_policy_violation".
        public var code: String?

        public init(message: String, type: String, param: String? = nil, code: String? = nil) {
            self.message = message
            self.type = type
            self.param = param
            self.code = code
        }

        enum CodingKeys: String, CodingKey { case message, type, param, code }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(message, forKey: .message)
            try container.encode(type, forKey: .type)
            if let param { try container.encode(param, forKey: .param) } else { try container.encodeNil(forKey: .param) }
            if let code { try container.encode(code, forKey: .code) } else { try container.encodeNil(forKey: .code) }
        }
    }

    /// The error.
    public var error: Detail

    public init(message: String, type: String, param: String? = nil, code: String? = nil) {
        error = Detail(message: message, type: type, param: param, code: code)
    }
}
