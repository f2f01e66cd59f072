import Foundation

extension ImageGenerationRequest {
    /// The body of `POST /v1/images/generations` (JSON, OpenAI's fields plus Warden's seed,
    /// steps, guidance and negative_prompt). Unknown fields (model, quality, style) are ignored.
    public static func decode(json body: Data, limits: GenerationLimits) throws(GatewayError) -> ImageGenerationRequest {
        let object: [String: JSONScalar]
        do { object = try JSONDecoder().decode([String: JSONScalar].self, from: body) } catch {
            throw .invalidJSON(expected: "JSON object with \"prompt\"", reason: "not parseable JSON")
        }
        var fields = RequestFields()
        fields.prompt = try object.string("prompt")
        fields.n = try object.integer("n")
        fields.size = try object.string("size")
        fields.responseFormat = try object.string("response_format")
        fields.user = try object.string("user")
        fields.seed = try object.integer("seed")
        fields.steps = try object.integer("steps")
        fields.guidance = try object.number("guidance")
        fields.negativePrompt = try object.string("negative_prompt")
        return try fields.validated(limits: limits, edit: nil)
    }

    /// The body of `POST /v1/images/edits` (multipart/form-data: image, mask, prompt, n, size,
    /// response_format, user and the Warden extensions as text fields). `image[]` is accepted
    /// for `image`, as newer OpenAI clients name it.
    public static func decode(form: MultipartForm, limits: GenerationLimits) throws(GatewayError) -> ImageGenerationRequest {
        var fields = RequestFields()
        fields.prompt = try form.text(named: "prompt")
        fields.n = try form.integerField("n")
        fields.size = try form.text(named: "size")
        fields.responseFormat = try form.text(named: "response_format")
        fields.user = try form.text(named: "user")
        fields.seed = try form.integerField("seed")
        fields.steps = try form.integerField("steps")
        if let text = try form.text(named: "guidance") {
            guard let value = Double(text.trimmingCharacters(in: .whitespaces)) else {
                throw .invalidParameter(name: "guidance", reason: "'\(text.prefix(40))' is not a number")
            }
            fields.guidance = value
        }
        fields.negativePrompt = try form.text(named: "negative_prompt")
        guard let image = form.part(named: "image") ?? form.part(named: "image[]") else {
            throw .invalidParameter(name: "image", reason: "the form has no 'image' file (a PNG)")
        }
        let mask = form.part(named: "mask")
        for (name, part) in [("image", Optional(image)), ("mask", mask)] {
            guard let part else { continue }
            guard part.body.count <= limits.maxUploadBytes else {
                throw .invalidParameter(name: name, reason: "the file has \(part.body.count) bytes; at most \(limits.maxUploadBytes) are accepted")
            }
            guard part.body.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) else {
                throw .invalidParameter(name: name, reason: "the file is not a PNG image")
            }
        }
        return try fields.validated(limits: limits, edit: EditUpload(imagePNG: image.body, maskPNG: mask?.body))
    }
}

/// The request's fields as sent, before validation (shared by the JSON and multipart forms).
struct RequestFields {
    var prompt: String?
    var n: Int?
    var size: String?
    var responseFormat: String?
    var user: String?
    var seed: Int?
    var steps: Int?
    var guidance: Double?
    var negativePrompt: String?

    func validated(limits: GenerationLimits, edit: ImageGenerationRequest.EditUpload?) throws(GatewayError) -> ImageGenerationRequest {
        guard let prompt, !prompt.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw .invalidParameter(name: "prompt", reason: "a non-empty \"prompt\" is required")
        }
        guard prompt.count <= limits.maxPromptCharacters else {
            throw .invalidParameter(name: "prompt", reason: "the prompt has \(prompt.count) characters; at most \(limits.maxPromptCharacters) are accepted")
        }
        let count = n ?? 1
        guard limits.imageCount.contains(count) else {
            throw .invalidParameter(name: "n", reason: "n is \(count); between \(limits.imageCount.lowerBound) and \(limits.imageCount.upperBound) images can be made per request")
        }
        var side = limits.sizes[0]
        if let size {
            guard let parsed = limits.side(ofSize: size) else {
                throw .invalidParameter(name: "size", reason: "size '\(size.prefix(40))' is not offered; use \(limits.sizeList)")
            }
            side = parsed
        }
        var format = ImageGenerationRequest.ResponseFormat.b64JSON
        if let responseFormat {
            guard let parsed = ImageGenerationRequest.ResponseFormat(rawValue: responseFormat) else {
                throw .invalidParameter(name: "response_format", reason: "'\(responseFormat.prefix(40))' is neither \"b64_json\" nor \"url\"")
            }
            format = parsed
        }
        if let user, user.count > 256 {
            throw .invalidParameter(name: "user", reason: "at most 256 characters are accepted")
        }
        if let seed, seed < 0 {
            throw .invalidParameter(name: "seed", reason: "the seed must be 0 or more")
        }
        if let steps, !limits.steps.contains(steps) {
            throw .invalidParameter(name: "steps", reason: "steps is \(steps); use \(limits.steps.lowerBound) to \(limits.steps.upperBound)")
        }
        if let guidance, !(guidance.isFinite && limits.guidance.contains(Float(guidance))) {
            throw .invalidParameter(name: "guidance", reason: "guidance is \(guidance); use \(limits.guidance.lowerBound) to \(limits.guidance.upperBound)")
        }
        if let negativePrompt, negativePrompt.count > limits.maxPromptCharacters {
            throw .invalidParameter(name: "negative_prompt", reason: "at most \(limits.maxPromptCharacters) characters are accepted")
        }
        return ImageGenerationRequest(prompt: prompt, n: count, size: side, responseFormat: format, user: user,
                                      seed: seed.map { UInt64($0) }, steps: steps, guidance: guidance.map { Float($0) },
                                      negativePrompt: negativePrompt, edit: edit)
    }
}

/// One top-level JSON value, typed just enough to give each field its own error.
enum JSONScalar: Decodable {
    case string(String)
    case integer(Int)
    case number(Double)
    case bool(Bool)
    case null
    case other(String)

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null; return }
        if let value = try? container.decode(Bool.self) { self = .bool(value); return }
        if let value = try? container.decode(Int.self) { self = .integer(value); return }
        if let value = try? container.decode(Double.self) { self = .number(value); return }
        if let value = try? container.decode(String.self) { self = .string(value); return }
        self = .other("an array or object")
    }

    var kind: String {
        switch self {
        case .string: return "a string"
        case .integer, .number: return "a number"
        case .bool: return "a boolean"
        case .null: return "null"
        case let .other(kind): return kind
        }
    }
}

extension Dictionary where Key == String, Value == JSONScalar {
    func string(_ key: String) throws(GatewayError) -> String? {
        switch self[key] {
        case nil, .null?: return nil
        case let .string(value)?: return value
        case let value?: throw .invalidParameter(name: key, reason: "\"\(key)\" must be a string, not \(value.kind)")
        }
    }

    func integer(_ key: String) throws(GatewayError) -> Int? {
        switch self[key] {
        case nil, .null?: return nil
        case let .integer(value)?: return value
        case let .number(value)? where value.rounded() == value && abs(value) < 9e15: return Int(value)
        case let value?: throw .invalidParameter(name: key, reason: "\"\(key)\" must be a whole number, not \(value.kind)")
        }
    }

    func number(_ key: String) throws(GatewayError) -> Double? {
        switch self[key] {
        case nil, .null?: return nil
        case let .integer(value)?: return Double(value)
        case let .number(value)?: return value
        case let value?: throw .invalidParameter(name: key, reason: "\"\(key)\" must be a number, not \(value.kind)")
        }
    }
}

extension MultipartForm {
    func integerField(_ name: String) throws(GatewayError) -> Int? {
        guard let text = try text(named: name) else { return nil }
        guard let value = Int(text.trimmingCharacters(in: .whitespaces)) else {
            throw .invalidParameter(name: name, reason: "'\(text.prefix(40))' is not a whole number")
        }
        return value
    }
}
