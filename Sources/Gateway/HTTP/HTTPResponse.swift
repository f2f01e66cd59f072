import Foundation

/// A response a route handler returns: status, header fields and body bytes. It is also an
/// `Error`, so a helper can return a refusal as the failure of a `Result` (or throw it) and the
/// route answers with it unchanged.
public struct HTTPResponse: Error, Sendable, Equatable {
    /// The HTTP status code.
    public var status: Int
    /// Header fields to send (libmicrohttpd adds Content-Length, Date and Connection).
    public var headers: [String: String]
    /// The body.
    public var body: Data

    public init(status: Int, headers: [String: String] = [:], body: Data = Data()) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// `value` encoded as JSON (sorted keys) with `Content-Type: application/json`. Should the
    /// value fail to encode, the response is a 500 in OpenAI's error shape instead.
    public static func json<T: Encodable>(_ status: Int, _ value: T) -> HTTPResponse {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        do {
            return HTTPResponse(status: status, headers: ["Content-Type": "application/json"],
                                body: try encoder.encode(value))
        } catch {
            let fallback = #"{"error":{"code":"response_encoding_failed","message":"The response could not be encoded as JSON.","param":null,"type":"server_error"}}"#
            return HTTPResponse(status: 500, headers: ["Content-Type": "application/json"], body: Data(fallback.utf8))
        }
    }

    /// An error in OpenAI's shape.
    public static func error(_ status: Int, message: String, type: String = "invalid_request_error",
                             param: String? = nil, code: String? = nil) -> HTTPResponse {
        json(status, OpenAIError(message: message, type: type, param: param, code: code))
    }

    /// 400 for a body that is not the expected JSON.
    public static func invalidJSON(_ error: GatewayError) -> HTTPResponse {
        self.error(400, message: error.description, code: "invalid_json")
    }

    /// Plain text (`text/plain; charset=utf-8`).
    public static func text(_ status: Int, _ text: String, contentType: String = "text/plain; charset=utf-8") -> HTTPResponse {
        HTTPResponse(status: status, headers: ["Content-Type": contentType], body: Data(text.utf8))
    }
}
