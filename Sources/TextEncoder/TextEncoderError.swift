import Tensor

/// Errors of the TextEncoder module. Each case carries the context a person needs to act on it.
public enum TextEncoderError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The module's input was rejected; `reason` says what and where.
    case invalidInput(reason: String)

    // MARK: model (MiniLMEncoder: configuration, weights, token ids) — tensor-encoder helper

    /// A file the model needs is not in the model directory.
    case modelFileMissing(path: String)
    /// config.json could not be read or describes a model this encoder does not run.
    case invalidConfiguration(file: String, reason: String)
    /// The weight file failed to open or validate (the wrapped error names the tensor and file).
    case weights(TensorError)
    /// A token id is outside the vocabulary.
    case tokenIDOutOfRange(sequence: Int, position: Int, id: Int32, vocabularySize: Int)
    /// A sequence has more tokens than the model has positions.
    case sequenceTooLong(sequence: Int, length: Int, maximum: Int)
    /// A sequence has no tokens at all (a tokenized text always has at least [CLS] and [SEP]).
    case emptySequence(sequence: Int)

    public var description: String {
        switch self {
        case let .invalidInput(reason): return "TextEncoder: invalid input: \(reason)"
        case let .modelFileMissing(path): return "TextEncoder: model file missing: \(path)"
        case let .invalidConfiguration(file, reason): return "TextEncoder: invalid configuration \(file): \(reason)"
        case let .weights(error): return "TextEncoder: weights: \(error)"
        case let .tokenIDOutOfRange(sequence, position, id, vocabularySize):
            return "TextEncoder: token id \(id) at position \(position) of sequence \(sequence) is outside the vocabulary of \(vocabularySize)"
        case let .sequenceTooLong(sequence, length, maximum):
            return "TextEncoder: sequence \(sequence) has \(length) tokens; the model has \(maximum) positions"
        case let .emptySequence(sequence):
            return "TextEncoder: sequence \(sequence) has no tokens"
        }
    }
}
