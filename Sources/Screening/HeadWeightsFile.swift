import Foundation
import Tensor

/// The prompt-classifier heads' safetensors file, read through the Tensor target's
/// `SafeTensorsFile` (which validates the header and every offset, naming the tensor), with its
/// errors mapped onto `ScreeningError` so the classifier reports one error type.
struct HeadWeightsFile: Sendable {
    /// The file the tensors are read from, for error messages.
    let path: String
    private let file: SafeTensorsFile

    init(url: URL) throws(ScreeningError) {
        path = url.path
        do {
            file = try SafeTensorsFile(url: url)
        } catch {
            throw Self.screeningError(error, path: url.path)
        }
    }

    /// Checks the file against the SHA-256 its config.json records, before it is parsed.
    static func verify(_ url: URL, sha256: String) throws(ScreeningError) {
        do {
            try ModelIntegrity.verify(url, sha256: sha256)
        } catch let .digestMismatch(file, expected, actual) {
            throw .weightsDigestMismatch(file: file, expected: expected, actual: actual)
        } catch {
            throw screeningError(error, path: url.path)
        }
    }

    /// The tensor `name` as Float32 (F32 copied, F16 and BF16 widened), checked to have `shape`.
    func tensor(named name: String, shape: [Int]) throws(ScreeningError) -> [Float] {
        do {
            return try file.tensor(named: name, shape: shape).data
        } catch {
            throw Self.screeningError(error, path: path)
        }
    }

    /// The shape of tensor `name` as the file's header gives it, or nil where there is none.
    func shape(of name: String) -> [Int]? { file.entries[name]?.shape }

    /// `TensorError` as the classifier's error: a missing tensor and a wrong shape keep their
    /// own cases, an unopenable file is unreadable, everything else is a malformed file.
    static func screeningError(_ error: any Error, path: String) -> ScreeningError {
        switch error as? TensorError {
        case let .missingTensor(name, file)?:
            return .missingTensor(name: name, file: file)
        case let .unexpectedShape(tensor, file, expected, actual)?:
            return .tensorShapeMismatch(name: tensor, expected: expected, actual: actual, file: file)
        case let .cannotOpen(file, reason)?:
            return .modelFileUnreadable(path: file, reason: reason)
        case let tensorError?:
            return .weightsMalformed(file: path, reason: tensorError.description)
        case nil:
            return .weightsMalformed(file: path, reason: "\(error)")
        }
    }
}
