extension GatewayError {
    /// The HTTP answer for this error when it ends a request (OpenAI's error shape).
    public var httpResponse: HTTPResponse {
        switch self {
        case let .invalidParameter(name, reason):
            return .error(400, message: Self.sentence(reason), param: name, code: "invalid_\(name)")
        case .invalidJSON:
            return .invalidJSON(self)
        case let .malformedMultipart(reason):
            return .error(400, message: "The multipart/form-data body could not be read: \(reason).", code: "invalid_multipart")
        case let .multipartLimit(reason):
            return .error(413, message: "The multipart/form-data body is over a limit: \(reason).", code: "request_too_large")
        case let .generationQueueFull(capacity, retryAfter):
            var response = HTTPResponse.error(
                503, message: "Warden is busy: \(capacity) image requests are already waiting. Please retry in \(retryAfter) seconds.",
                type: "server_error", code: "queue_full")
            response.headers["Retry-After"] = "\(retryAfter)"
            return response
        case let .generationCancelled(stage):
            return .error(499, message: "The request was cancelled during \(stage): the client disconnected.",
                          code: "client_closed_request")
        case let .serviceUnavailable(component, reason):
            return .error(503, message: "Image requests are refused because \(component) is unavailable (\(reason)); nothing unscreened is ever returned.",
                          type: "server_error", code: component == "image screening" ? "image_screening_unavailable" : "generation_unavailable")
        case .auditUnavailable:
            return .error(503, message: "The decision could not be recorded in the audit log, so no answer is given.",
                          type: "server_error", code: "audit_unavailable")
        case let .generationFailed(stage, _):
            return .error(500, message: "The request failed during \(stage).", type: "server_error", code: "generation_failed")
        case .requestStore:
            return .error(503, message: "The request store is unavailable.", type: "server_error", code: "request_store_unavailable")
        default:
            return .error(500, message: description, type: "server_error")
        }
    }

    static func sentence(_ text: String) -> String {
        guard let first = text.first else { return text }
        let capitalised = first.uppercased() + text.dropFirst()
        return capitalised.hasSuffix(".") ? capitalised : capitalised + "."
    }
}
