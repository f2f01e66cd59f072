import Tensor

/// Errors of the TextEncoder module. Each case carries the context a person needs to act on it.
public enum TextEncoderError: Error, CustomStringConvertible, Equatable, Sendable {
    // MARK: tokenizer (Vocabulary, WordPieceTokenizer) — tokenizer-recipe helper

    /// `vocab.txt` could not be read.
    case vocabularyUnreadable(file: String, reason: String)
    /// `vocab.txt` is not valid UTF-8.
    case vocabularyNotUTF8(file: String)
    /// The vocabulary has no tokens.
    case vocabularyEmpty(file: String)
    /// The vocabulary has more tokens than an `Int32` id can number.
    case vocabularyTooLarge(file: String, count: Int)
    /// The same token (scalar for scalar) appears on two lines (1-based line numbers).
    case vocabularyDuplicateToken(file: String, token: String, firstLine: Int, line: Int)
    /// A special token the encoder needs (`[UNK]`, `[CLS]`, `[SEP]`) is missing.
    case vocabularyMissingSpecialToken(file: String, token: String)

    // MARK: end of tokenizer cases

    // MARK: model (MiniLMModel, MiniLMEncoder) — tensor-encoder helper

    /// A file the model needs is not in the model directory.
    case modelFileMissing(path: String)
    /// config.json could not be read or describes a model this encoder does not run.
    case invalidConfiguration(file: String, reason: String)
    /// The weight file failed to open or validate (the wrapped error names the tensor and file).
    case weights(TensorError)
    /// A model file (weights or vocabulary) is missing, truncated or altered: its SHA-256 does
    /// not match config.json (the wrapped error names the file and both digests).
    case integrityCheckFailed(TensorError)
    /// A token id is outside the vocabulary.
    case tokenIDOutOfRange(sequence: Int, position: Int, id: Int32, vocabularySize: Int)
    /// A sequence has more tokens than the model has positions.
    case sequenceTooLong(sequence: Int, length: Int, maximum: Int)
    /// A sequence has no tokens at all (a tokenized text always has at least [CLS] and [SEP]).
    case emptySequence(sequence: Int)

    // MARK: end of model cases

    /// The module's input was rejected; `reason` says what and where.
    case invalidInput(reason: String)

    public var description: String {
        switch self {
        // tokenizer cases — tokenizer-recipe helper
        case let .vocabularyUnreadable(file, reason):
            return "TextEncoder: cannot read vocabulary \(file): \(reason)"
        case let .vocabularyNotUTF8(file):
            return "TextEncoder: vocabulary \(file) is not valid UTF-8"
        case let .vocabularyEmpty(file):
            return "TextEncoder: vocabulary \(file) has no tokens"
        case let .vocabularyTooLarge(file, count):
            return "TextEncoder: vocabulary \(file) has \(count) tokens, more than Int32 ids can number"
        case let .vocabularyDuplicateToken(file, token, firstLine, line):
            return "TextEncoder: vocabulary \(file) repeats token \(token.debugDescription) on line \(line) (first on line \(firstLine))"
        case let .vocabularyMissingSpecialToken(file, token):
            return "TextEncoder: vocabulary \(file) lacks the special token \(token)"
        // end of tokenizer cases

        // model cases — tensor-encoder helper
        case let .modelFileMissing(path): return "TextEncoder: model file missing: \(path)"
        case let .invalidConfiguration(file, reason): return "TextEncoder: invalid configuration \(file): \(reason)"
        case let .weights(error): return "TextEncoder: weights: \(error)"
        case let .integrityCheckFailed(error): return "TextEncoder: model file refused (integrity check): \(error)"
        case let .tokenIDOutOfRange(sequence, position, id, vocabularySize):
            return "TextEncoder: token id \(id) at position \(position) of sequence \(sequence) is outside the vocabulary of \(vocabularySize)"
        case let .sequenceTooLong(sequence, length, maximum):
            return "TextEncoder: sequence \(sequence) has \(length) tokens; the model has \(maximum) positions"
        case let .emptySequence(sequence):
            return "TextEncoder: sequence \(sequence) has no tokens"
        // end of model cases

        case let .invalidInput(reason): return "TextEncoder: invalid input: \(reason)"
        }
    }
}
