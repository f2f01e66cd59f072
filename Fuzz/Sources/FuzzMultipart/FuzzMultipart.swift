import Foundation
import FuzzDriver
import Gateway

/// libFuzzer entry: `POST /v1/images/edits` bodies. The input's first line is the Content-Type
/// header value, the rest the body; a parsed form then goes through the edit request decoding
/// (fields, limits, PNG uploads). Only values or typed `GatewayError`s may come out.
func fuzzMultipart(_ bytes: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let input = Data(fuzzBytes(bytes, count))
    let newline = input.firstIndex(of: 0x0A) ?? input.endIndex
    let contentType = String(decoding: input[input.startIndex..<newline], as: UTF8.self)
    let body = newline < input.endIndex ? input[input.index(after: newline)...] : Data()
    do {
        let form = try MultipartForm(body: Data(body), contentType: contentType)
        for part in form.parts { _ = part.body.count }
        _ = try ImageGenerationRequest.decode(form: form, limits: GenerationLimits())
    } catch {
        _ = error.description
    }
    return 0
}
