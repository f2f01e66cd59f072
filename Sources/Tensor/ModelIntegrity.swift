import Crypto
import Foundation

/// Checks a model file against the sha256 its `config.json` records, before any weight is read:
/// a missing, truncated or altered file is refused, so Warden fails closed instead of screening
/// with weights nobody validated.
public enum ModelIntegrity {
    /// The lowercase hex SHA-256 of the file at `url`, read in 4 MiB chunks.
    public static func sha256(of url: URL) throws(TensorError) -> String {
        guard let handle = FileHandle(forReadingAtPath: url.path) else {
            throw .cannotOpen(file: url.path, reason: FileManager.default.fileExists(atPath: url.path)
                              ? "not readable" : "no such file")
        }
        defer { try? handle.close() }
        var hasher = SHA256()
        do {
            while let chunk = try handle.read(upToCount: 4 << 20), !chunk.isEmpty {
                hasher.update(data: chunk)
            }
        } catch {
            throw .cannotOpen(file: url.path, reason: "read failed: \(error.localizedDescription)")
        }
        return hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }

    /// Throws `digestMismatch` unless the file's SHA-256 equals `expected` (hex, any case).
    public static func verify(_ url: URL, sha256 expected: String) throws(TensorError) {
        let actual = try sha256(of: url)
        guard actual == expected.lowercased() else {
            throw .digestMismatch(file: url.path, expected: expected.lowercased(), actual: actual)
        }
    }
}
