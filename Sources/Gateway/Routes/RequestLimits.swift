import Foundation

/// The limits the image and admin routes enforce on request values. Each violation is a 400 in
/// OpenAI's error shape with `param` naming the field (the HTTP server's own body limit answers
/// 413 before any route runs).
///
///     if let refusal = limits.checkPrompt(body.prompt, param: "prompt") { return refusal }
///     if let refusal = limits.checkCount(body.n) { return refusal }
///     if let refusal = limits.checkSize(body.size) { return refusal }
public struct RequestLimits: Sendable, Equatable {
    /// Most characters in a prompt (and in a negative prompt).
    public var maxPromptCharacters: Int
    /// Allowed values of `n`.
    public var imageCount: ClosedRange<Int>
    /// Allowed values of `size` ("64x64", "256x256").
    public var sizes: [String]
    /// Largest uploaded image (image or mask of an edit), bytes.
    public var maxImageBytes: Int
    /// Largest width or height of an uploaded image, pixels.
    public var maxImageDimension: Int

    public init(maxPromptCharacters: Int = 4_000, imageCount: ClosedRange<Int> = 1...4,
                sizes: [String] = ["64x64", "256x256"], maxImageBytes: Int = 4 << 20, maxImageDimension: Int = 1_024) {
        self.maxPromptCharacters = maxPromptCharacters
        self.imageCount = imageCount
        self.sizes = sizes
        self.maxImageBytes = maxImageBytes
        self.maxImageDimension = maxImageDimension
    }

    /// The defaults above.
    public static let standard = RequestLimits()

    /// A refusal when `prompt` is empty (only whitespace) or longer than the limit.
    public func checkPrompt(_ prompt: String, param: String = "prompt") -> HTTPResponse? {
        if prompt.allSatisfy(\.isWhitespace) {
            return .error(400, message: "'\(param)' is empty.", param: param, code: "invalid_value")
        }
        if prompt.count > maxPromptCharacters {
            return .error(400, message: "'\(param)' has \(prompt.count) characters; at most \(maxPromptCharacters) are accepted.",
                          param: param, code: "string_above_max_length")
        }
        return nil
    }

    /// A refusal when `n` is outside `imageCount` (nil is the default, 1).
    public func checkCount(_ n: Int?) -> HTTPResponse? {
        guard let n, !imageCount.contains(n) else { return nil }
        return .error(400, message: "'n' is \(n); it must be between \(imageCount.lowerBound) and \(imageCount.upperBound).",
                      param: "n", code: "invalid_value")
    }

    /// The edge length of `size` ("256x256" -> 256; nil -> the smallest size), or the refusal.
    public func parseSize(_ size: String?) -> Result<Int, HTTPResponse> {
        let value = size ?? sizes.first ?? "64x64"
        guard sizes.contains(value), let edge = Int(value.split(separator: "x").first ?? "") else {
            return .failure(.error(400, message: "'size' is '\(value)'; it must be one of: \(sizes.joined(separator: ", ")).",
                                   param: "size", code: "invalid_value"))
        }
        return .success(edge)
    }

    /// A refusal when an uploaded image is too large in bytes or (once decoded) in pixels.
    public func checkImage(bytes: Int, width: Int? = nil, height: Int? = nil, param: String = "image") -> HTTPResponse? {
        if bytes > maxImageBytes {
            return .error(400, message: "'\(param)' has \(bytes) bytes; at most \(maxImageBytes) are accepted.",
                          param: param, code: "image_too_large")
        }
        if let width, let height, max(width, height) > maxImageDimension {
            return .error(400, message: "'\(param)' is \(width)x\(height) pixels; at most \(maxImageDimension) on a side are accepted.",
                          param: param, code: "image_too_large")
        }
        return nil
    }
}
