/// Errors of the numeric core: weight files, tensor lookups and the BLAS runtime. Each case
/// names the tensor and the file it concerns where there is one.
public enum TensorError: Error, CustomStringConvertible, Equatable, Sendable {
    /// A re-exec to select the OpenBLAS kernel failed; the process goes on with the default kernel.
    case reexecFailed(path: String, errno: Int32)

    // MARK: safetensors files

    /// The file could not be opened or mapped.
    case cannotOpen(file: String, reason: String)
    /// The file is shorter than its 8-byte header length, or the header runs past the end.
    case truncatedHeader(file: String, headerLength: UInt64, fileSize: Int)
    /// The JSON header is not valid JSON or not an object of tensor entries.
    case malformedHeader(file: String, reason: String)
    /// A tensor entry lacks a field or has a field of the wrong type.
    case malformedEntry(tensor: String, file: String, reason: String)
    /// A tensor's dtype is not F32, F16 or BF16.
    case unsupportedDType(tensor: String, file: String, dtype: String)
    /// A tensor's byte range lies outside the data section, is reversed, or does not match its shape.
    case offsetOutOfBounds(tensor: String, file: String, begin: Int, end: Int, dataSize: Int)
    /// A tensor's byte count does not equal its element count times its dtype size.
    case sizeMismatch(tensor: String, file: String, shape: [Int], dtype: String, bytes: Int)
    /// No tensor of this name is in the file.
    case missingTensor(name: String, file: String)
    /// A tensor has a different shape than the model expects.
    case unexpectedShape(tensor: String, file: String, expected: [Int], actual: [Int])
    /// The file's keys differ from the model's expected keys.
    case keyMismatch(file: String, missing: [String], unexpected: [String])
    /// The file's SHA-256 differs from the one its model's config.json records.
    case digestMismatch(file: String, expected: String, actual: String)

    public var description: String {
        switch self {
        case let .reexecFailed(path, errno):
            return "could not re-exec \(path) to select the OpenBLAS kernel (errno \(errno))"
        case let .cannotOpen(file, reason):
            return "cannot open safetensors file \(file): \(reason)"
        case let .truncatedHeader(file, headerLength, fileSize):
            return "safetensors file \(file) is truncated: header of \(headerLength) bytes declared, file has \(fileSize) bytes"
        case let .malformedHeader(file, reason):
            return "safetensors file \(file) has a malformed header: \(reason)"
        case let .malformedEntry(tensor, file, reason):
            return "tensor '\(tensor)' in \(file) has a malformed header entry: \(reason)"
        case let .unsupportedDType(tensor, file, dtype):
            return "tensor '\(tensor)' in \(file) has dtype \(dtype); supported: F32, F16, BF16"
        case let .offsetOutOfBounds(tensor, file, begin, end, dataSize):
            return "tensor '\(tensor)' in \(file) has data offsets [\(begin), \(end)) outside the data section of \(dataSize) bytes"
        case let .sizeMismatch(tensor, file, shape, dtype, bytes):
            return "tensor '\(tensor)' in \(file): shape \(shape) of \(dtype) does not fit its \(bytes) bytes"
        case let .missingTensor(name, file):
            return "tensor '\(name)' is not in \(file)"
        case let .unexpectedShape(tensor, file, expected, actual):
            return "tensor '\(tensor)' in \(file) has shape \(actual), expected \(expected)"
        case let .keyMismatch(file, missing, unexpected):
            return "\(file) does not match the model: missing \(missing.count) tensors \(missing.prefix(8)), unexpected \(unexpected.count) tensors \(unexpected.prefix(8))"
        case let .digestMismatch(file, expected, actual):
            return "\(file) is not the model file its config.json names: sha256 \(actual), expected \(expected) (truncated, altered or replaced)"
        }
    }
}
