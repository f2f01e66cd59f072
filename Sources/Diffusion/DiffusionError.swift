/// Errors of the Diffusion module. Each case carries the context a person needs to act on it.
public enum DiffusionError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The module's input was rejected; `reason` says what and where.
    case invalidInput(reason: String)
    /// The requested image size is not one the cascade makes (64, or 256 = base + upsampler).
    case unsupportedSize(requested: Int, supported: [Int])
    /// The step count is outside what the samplers accept.
    case invalidSteps(requested: Int, allowed: ClosedRange<Int>)
    /// The number of images per request is outside what the pipeline accepts.
    case invalidImageCount(requested: Int, allowed: ClosedRange<Int>)
    /// An edit's image or mask does not have the size the model works at, or they differ.
    case maskSizeMismatch(imageWidth: Int, imageHeight: Int, maskWidth: Int, maskHeight: Int, expected: Int)
    /// A text conditioning is not `[T, 384]` with 1 <= T <= 77 and a 384-float pooled vector.
    case invalidConditioning(which: String, reason: String)
    /// A model directory's config.json is missing or does not describe a supported UNet.
    case invalidConfiguration(file: String, reason: String)
    /// A weight file failed its integrity check or could not be read (missing/unexpected keys,
    /// shapes, sha256); `reason` is the numeric core's message.
    case weightsUnavailable(file: String, reason: String)
    /// The progress callback asked to stop (returned false); no image is returned.
    case cancelled

    public var description: String {
        switch self {
        case let .invalidInput(reason): return "Diffusion: invalid input: \(reason)"
        case let .unsupportedSize(requested, supported):
            return "Diffusion: size \(requested) is not supported (use one of \(supported.map(String.init).joined(separator: ", ")))"
        case let .invalidSteps(requested, allowed):
            return "Diffusion: \(requested) steps is outside \(allowed.lowerBound)...\(allowed.upperBound)"
        case let .invalidImageCount(requested, allowed):
            return "Diffusion: \(requested) images is outside \(allowed.lowerBound)...\(allowed.upperBound)"
        case let .maskSizeMismatch(imageWidth, imageHeight, maskWidth, maskHeight, expected):
            return "Diffusion: edit image \(imageWidth)x\(imageHeight) and mask \(maskWidth)x\(maskHeight) must both be \(expected)x\(expected)"
        case let .invalidConditioning(which, reason):
            return "Diffusion: \(which) conditioning is invalid: \(reason)"
        case let .invalidConfiguration(file, reason):
            return "Diffusion: model configuration \(file): \(reason)"
        case let .weightsUnavailable(file, reason):
            return "Diffusion: weights \(file) unavailable: \(reason)"
        case .cancelled:
            return "Diffusion: generation cancelled by the caller"
        }
    }
}
