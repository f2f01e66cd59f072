import Imaging

/// The bounds every generation request is checked against before any work; each violation is a
/// 400 in OpenAI's error shape naming the parameter.
public struct GenerationLimits: Sendable, Equatable {
    /// Longest prompt (and negative prompt), in characters.
    public var maxPromptCharacters = 4_000
    /// Images per request.
    public var imageCount = 1...4
    /// Sides the generator makes.
    public var sizes = [64, 256]
    /// Denoising steps accepted.
    public var steps = 1...100
    /// Classifier-free guidance scale accepted.
    public var guidance: ClosedRange<Float> = 0...20
    /// Uploaded PNG (image or mask): largest file and decoded size.
    public var maxUploadBytes = 4 << 20
    public var uploadImageLimits = ImageLimits(maxWidth: 1_024, maxHeight: 1_024, maxDecodedBytes: 4 << 20)

    public init() {}

    /// "64x64" -> 64; nil for anything else.
    public func side(ofSize text: String) -> Int? {
        let parts = text.lowercased().split(separator: "x")
        guard parts.count == 2, parts[0] == parts[1], let side = Int(parts[0]), sizes.contains(side) else { return nil }
        return side
    }

    /// The accepted sizes in words: "64x64" or "256x256".
    public var sizeList: String { sizes.map { "\"\($0)x\($0)\"" }.joined(separator: " or ") }
}
