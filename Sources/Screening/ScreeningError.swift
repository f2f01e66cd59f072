/// Errors of the Screening module. Each case carries the context a person needs to act on it.
public enum ScreeningError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The module's input was rejected; `reason` says what and where.
    case invalidInput(reason: String)

    // MARK: Normaliser and lexicons (helper "normaliser")

    /// The lexicon directory could not be listed.
    case lexiconDirectoryUnreadable(path: String, reason: String)
    /// A lexicon file could not be read or is not UTF-8.
    case lexiconFileUnreadable(file: String, reason: String)
    /// A line of a lexicon file does not follow the format of `Policies/lexicons/README.md`.
    case lexiconMalformedLine(file: String, line: Int, reason: String)
    /// A lexicon file's name does not name one of the 13 screening categories.
    case lexiconUnknownCategory(file: String)
    /// One of the 13 screening categories has no lexicon file in the directory.
    case lexiconMissingCategory(category: String, directory: String)
    /// A lexicon file holds no usable term after normalisation.
    case lexiconEmpty(file: String)

    // MARK: Prompt classifier (helper "classifier") — cases go in this block.

    // MARK: Prompt classifier (helper "classifier") — cases go in this block.

    /// A model file (config.json, heads.safetensors) could not be read.
    case modelFileUnreadable(path: String, reason: String)
    /// A model's config.json is not what the classifier expects.
    case configInvalid(file: String, reason: String)
    /// A safetensors file's header or data is malformed; `reason` names the tensor where there is one.
    case weightsMalformed(file: String, reason: String)
    /// A tensor the model needs is not in its weights file.
    case missingTensor(name: String, file: String)
    /// A tensor has another shape than the model's configuration says.
    case tensorShapeMismatch(name: String, expected: [Int], actual: [Int], file: String)
    /// An embedding has another length than the model or index was built for.
    case embeddingDimensionMismatch(expected: Int, actual: Int)
    /// An embedding holds NaN or infinity, or is all zeros where a direction is needed.
    case embeddingNotFinite(context: String)
    /// Semantic exemplar phrases and their embeddings do not fit together.
    case exemplarsInvalid(reason: String)

    // MARK: Image classifiers (helper "nudity"; the concept encoder may reuse these)

    /// A model file's SHA-256 differs from the one its config.json records (truncated, altered or
    /// replaced): the model is refused before any weight is read.
    case weightsDigestMismatch(file: String, expected: String, actual: String)
    /// An image too large to screen (more than `maxPixels` pixels).
    case imageTooLarge(width: Int, height: Int, maxPixels: Int)
    /// A model produced NaN or infinity for an input; the image is not screened.
    case modelOutputNotFinite(model: String)

    // MARK: Image screening (helper "concept")

    /// An image could not be brought to a model's input (resize or crop failed); `reason` says why.
    case imageUnusable(reason: String)
    /// A concept of an image rule cannot be scored (empty text, or its text embedding is unusable).
    case conceptInvalid(concept: String, reason: String)

    public var description: String {
        switch self {
        case let .invalidInput(reason):
            return "Screening: invalid input: \(reason)"
        case let .lexiconDirectoryUnreadable(path, reason):
            return "Screening: cannot list lexicon directory \(path): \(reason)"
        case let .lexiconFileUnreadable(file, reason):
            return "Screening: cannot read lexicon file \(file): \(reason)"
        case let .lexiconMalformedLine(file, line, reason):
            return "Screening: \(file):\(line): malformed lexicon line: \(reason)"
        case let .lexiconUnknownCategory(file):
            return "Screening: lexicon file \(file) does not name a screening category "
                + "(expected one of: \(ScreeningCategory.allNames.joined(separator: ", ")), with '/' written as '_')"
        case let .lexiconMissingCategory(category, directory):
            return "Screening: no lexicon file for category \(category) in \(directory) "
                + "(expected \(ScreeningCategory.fileName(for: category)))"
        case let .lexiconEmpty(file):
            return "Screening: lexicon file \(file) holds no term"
        case let .modelFileUnreadable(path, reason):
            return "Screening: cannot read model file \(path): \(reason)"
        case let .configInvalid(file, reason):
            return "Screening: invalid model configuration \(file): \(reason)"
        case let .weightsMalformed(file, reason):
            return "Screening: malformed weights file \(file): \(reason)"
        case let .missingTensor(name, file):
            return "Screening: tensor \(name) missing from \(file)"
        case let .tensorShapeMismatch(name, expected, actual, file):
            return "Screening: tensor \(name) in \(file) has shape \(actual), expected \(expected)"
        case let .embeddingDimensionMismatch(expected, actual):
            return "Screening: embedding has \(actual) values, expected \(expected)"
        case let .embeddingNotFinite(context):
            return "Screening: embedding is not usable (\(context))"
        case let .exemplarsInvalid(reason):
            return "Screening: invalid semantic exemplars: \(reason)"
        case let .weightsDigestMismatch(file, expected, actual):
            return "Screening: \(file) is not the model file its config.json names: sha256 \(actual), "
                + "expected \(expected) (truncated, altered or replaced)"
        case let .imageTooLarge(width, height, maxPixels):
            return "Screening: image of \(width)x\(height) has more than \(maxPixels) pixels"
        case let .modelOutputNotFinite(model):
            return "Screening: \(model) produced a non-finite output"
        case let .imageUnusable(reason):
            return "Screening: image cannot be screened: \(reason)"
        case let .conceptInvalid(concept, reason):
            return "Screening: concept '\(concept)' cannot be scored: \(reason)"
        }
    }
}
