import Foundation
import Policy

/// JSON helpers of the admin routes: snake_case keys, and the 422 body of a policy that does
/// not compile (OpenAI's error shape plus the line and column of the first error).
enum AdminJSON {
    /// `value` as JSON with snake_case keys (`decisionID` -> `decision_id`).
    static func response<T: Encodable>(_ status: Int, _ value: T) -> HTTPResponse {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.dateEncodingStrategy = .custom { date, encoder in
            let formatter = ISO8601DateFormatter()
            formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
            var container = encoder.singleValueContainer()
            try container.encode(formatter.string(from: date))
        }
        do {
            return HTTPResponse(status: status, headers: ["Content-Type": "application/json"], body: try encoder.encode(value))
        } catch {
            return .error(500, message: "The response could not be encoded as JSON: \(error)", type: "server_error",
                          code: "response_encoding_failed")
        }
    }

    /// The error object of a policy that failed to compile.
    struct PolicyErrorBody: Encodable {
        struct Detail: Encodable {
            var message: String
            var type = "invalid_request_error"
            var param: String
            var code = "invalid_policy"
            var line: Int?
            var column: Int?

            enum CodingKeys: String, CodingKey { case message, type, param, code, line, column }

            func encode(to encoder: any Encoder) throws {
                var container = encoder.container(keyedBy: CodingKeys.self)
                try container.encode(message, forKey: .message)
                try container.encode(type, forKey: .type)
                try container.encode(param, forKey: .param)
                try container.encode(code, forKey: .code)
                if let line { try container.encode(line, forKey: .line) } else { try container.encodeNil(forKey: .line) }
                if let column { try container.encode(column, forKey: .column) } else { try container.encodeNil(forKey: .column) }
            }
        }
        var error: Detail
    }

    /// 422 naming the line and column of `error` (503 when the version store failed instead).
    static func policyRefused(_ error: PolicyError, param: String) -> HTTPResponse {
        if case .versionStoreFailed = error {
            return .error(503, message: error.description, type: "server_error", code: "policy_store_unavailable")
        }
        let location = error.location
        return HTTPResponse.json(422, PolicyErrorBody(error: .init(message: error.description, param: param,
                                                                   line: location?.line, column: location?.column)))
    }

    /// A query argument as an integer in `range`, or the 400 naming it.
    static func integer(_ request: HTTPRequest, _ name: String, default value: Int?, in range: ClosedRange<Int>)
        -> Result<Int?, HTTPResponse> {
        guard let text = request.query[name], !text.isEmpty else { return .success(value) }
        guard let number = Int(text), range.contains(number) else {
            return .failure(.error(400, message: "'\(name)' must be a whole number in \(range.lowerBound)...\(range.upperBound); got '\(text)'.",
                                   param: name, code: "invalid_parameter"))
        }
        return .success(number)
    }

    /// 400 for a body that is not the expected JSON, naming the first field at fault when known.
    static func badBody(_ error: GatewayError, param: String) -> HTTPResponse {
        .error(400, message: error.description, param: param, code: "invalid_json")
    }
}
