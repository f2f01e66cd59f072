import Foundation
import FuzzDriver
import Gateway

/// libFuzzer entry: request bodies -> `HTTPRequest.decodeJSON(ModerationRequest.self)`, the
/// decoding `POST /v1/moderations` does, and (once the image routes exist) the JSON decoding of
/// `POST /v1/images/generations`. Any outcome but a value or a typed `GatewayError`
/// (a crash, a trap, an untyped error escaping) is a finding.
func fuzzModerationJSON(_ bytes: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let input = fuzzBytes(bytes, count)
    let request = HTTPRequest(method: .post, path: "/v1/moderations",
                              headers: ["content-type": "application/json"],
                              body: Data(input))
    do {
        let decoded = try request.decodeJSON(ModerationRequest.self)
        for input in decoded.inputs { _ = input.count }
    } catch {
        _ = error.description
    }
    #if WARDEN_IMAGE_ROUTES
    // The same bytes as a body of POST /v1/images/generations.
    do { _ = try ImageGenerationRequest.decode(json: request.body, limits: GenerationLimits()) } catch {
        _ = error.description
    }
    #endif
    return 0
}
