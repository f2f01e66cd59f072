import Foundation

/// A complete HTTP request as a route handler sees it: the body has arrived whole (chunked
/// transfer decoded) and within the server's body limit.
public struct HTTPRequest: Sendable {
    /// The request method.
    public var method: HTTPMethod
    /// The path without the query string, percent-decoded by libmicrohttpd.
    public var path: String
    /// Query arguments, decoded; a key without a value maps to "".
    public var query: [String: String]
    /// Header fields with lower-cased names; repeated fields are joined with ", ".
    public var headers: [String: String]
    /// The request body.
    public var body: Data
    /// Values of `{name}` segments of the matched route pattern, filled in by the ``Router``.
    public var pathParameters: [String: String]
    /// Cancelled by the server when the client disconnects before the answer is ready.
    public var cancellation: RequestCancellation

    public init(method: HTTPMethod, path: String, query: [String: String] = [:], headers: [String: String] = [:],
                body: Data = Data(), pathParameters: [String: String] = [:],
                cancellation: RequestCancellation = RequestCancellation()) {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
        self.pathParameters = pathParameters
        self.cancellation = cancellation
    }

    /// Decodes the body as JSON into `type`; the error names the type and what went wrong.
    public func decodeJSON<T: Decodable>(_ type: T.Type) throws(GatewayError) -> T {
        do {
            return try JSONDecoder().decode(type, from: body)
        } catch let DecodingError.keyNotFound(key, _) {
            throw .invalidJSON(expected: String(describing: type), reason: "missing field '\(key.stringValue)'")
        } catch let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context) {
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            throw .invalidJSON(expected: String(describing: type), reason: "wrong type at '\(path)'")
        } catch {
            throw .invalidJSON(expected: String(describing: type), reason: "not parseable JSON")
        }
    }
}
