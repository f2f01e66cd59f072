import Crypto
import Foundation

/// The format of an API key: `wk_` followed by at least 32 URL-safe characters
/// (`A-Z a-z 0-9 - _`). Keys are stored only as the SHA-256 of the whole string.
public enum APIKeySecret {
    /// The prefix every key starts with.
    public static let prefix = "wk_"
    /// Fewest characters after the prefix.
    public static let minimumBodyLength = 32
    /// Longest key accepted at all (a longer header is refused before hashing).
    public static let maximumLength = 256

    /// A fresh key: 32 bytes from the system's CSPRNG, base64url without padding (43 characters).
    public static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return prefix + base64URL(bytes)
    }

    /// Whether `text` has the key format (checked before any lookup).
    public static func isWellFormed(_ text: String) -> Bool {
        guard text.hasPrefix(prefix), text.utf8.count <= maximumLength else { return false }
        let body = text.utf8.dropFirst(prefix.utf8.count)
        guard body.count >= minimumBodyLength else { return false }
        return body.allSatisfy { byte in
            (0x30...0x39).contains(byte) || (0x41...0x5a).contains(byte) || (0x61...0x7a).contains(byte)
                || byte == 0x2d || byte == 0x5f
        }
    }

    /// SHA-256 of the key's UTF-8 bytes, lowercase hex: the only form that is stored.
    public static func hash(_ secret: String) -> String {
        SHA256.hash(data: Data(secret.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// A key id: `key_` + 16 hex digits.
    static func generateID() -> String {
        var generator = SystemRandomNumberGenerator()
        return "key_" + (0..<8).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
    }

    static func base64URL(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
