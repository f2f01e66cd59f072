import Crypto
import Foundation

/// The hash chain over `audit_records`.
///
/// `row_hash = hex(SHA-256(prev_hash_bytes || canonical_json))` where
///
/// * `prev_hash_bytes` are the 32 raw bytes of the previous row's `row_hash` (32 zero bytes,
///   hex `000…0`, for sequence 1);
/// * `canonical_json` is the UTF-8 of one JSON object holding the row's stored columns, keys in
///   byte order, no whitespace: `action, api_key_id, decision_id, deciding_rules_json,
///   explanation, image_hashes_json, normalized_prompt, policy_id, policy_input_json,
///   policy_sha256, policy_version, prompt, route, seq, stage, stages_json, time_us`.
///   Integers (`seq`, `time_us`) are decimal numbers; every other value is a JSON string of the
///   column's stored text (the JSON columns are embedded as strings, not re-parsed); a NULL
///   column is the literal `null`. Strings escape only `"`, `\` and U+0000–U+001F
///   (as `\"`, `\\`, `\n`, `\r`, `\t`, `\b`, `\f`, else `\u00XX`); everything else is raw UTF-8.
///
/// Because `seq` and `prev_hash` are inside the hash, editing any field, deleting a row or
/// inserting one breaks the chain at that row; `audit_chain_head` (updated in the same
/// transaction) catches deletion of the newest rows. Anyone who can rewrite the file can also
/// recompute every hash: the chain proves integrity against edits that do not recompute, and the
/// head hash can be copied elsewhere (`warden audit verify` prints it) to anchor it externally.
public enum AuditChain {
    /// `prev_hash` of the first row.
    public static let genesisHash = String(repeating: "0", count: 64)

    static func canonicalJSON(_ row: AuditRow) -> [UInt8] {
        enum Value { case text(String?), integer(Int64) }
        let fields: [(StaticString, Value)] = [
            ("action", .text(row.action)),
            ("api_key_id", .text(row.apiKeyID)),
            ("decision_id", .text(row.decisionID)),
            ("deciding_rules_json", .text(row.decidingRulesJSON)),
            ("explanation", .text(row.explanation)),
            ("image_hashes_json", .text(row.imageHashesJSON)),
            ("normalized_prompt", .text(row.normalizedPrompt)),
            ("policy_id", .text(row.policyID)),
            ("policy_input_json", .text(row.policyInputJSON)),
            ("policy_sha256", .text(row.policySHA256)),
            ("policy_version", .text(row.policyVersion)),
            ("prompt", .text(row.prompt)),
            ("route", .text(row.route)),
            ("seq", .integer(row.sequence)),
            ("stage", .text(row.stage)),
            ("stages_json", .text(row.stagesJSON)),
            ("time_us", .integer(row.timeMicroseconds)),
        ]
        var out: [UInt8] = [0x7b]
        out.reserveCapacity(1_024)
        for (index, (key, value)) in fields.enumerated() {
            if index > 0 { out.append(0x2c) }
            out.append(0x22)
            key.withUTF8Buffer { out.append(contentsOf: $0) }
            out.append(0x22)
            out.append(0x3a)
            switch value {
            case let .text(text?): appendQuoted(text, to: &out)
            case .text(nil): out.append(contentsOf: Array("null".utf8))
            case let .integer(number): out.append(contentsOf: Array(String(number).utf8))
            }
        }
        out.append(0x7d)
        return out
    }

    static func rowHash(previousHash: String, canonical: [UInt8]) -> String {
        var hasher = SHA256()
        hasher.update(data: bytes(fromHex: previousHash))
        hasher.update(data: canonical)
        return hex(hasher.finalize())
    }

    /// The hash a row should have given its stored fields and its `prev_hash`.
    static func expectedHash(of row: AuditRow) -> String {
        rowHash(previousHash: row.previousHash, canonical: canonicalJSON(row))
    }

    /// SHA-256 of `data` as lowercase hex.
    public static func sha256Hex(_ data: Data) -> String { hex(SHA256.hash(data: data)) }

    static func hex<D: Sequence>(_ digest: D) -> String where D.Element == UInt8 {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(64)
        for byte in digest {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Hex to bytes; non-hex input (a tampered column) yields bytes that simply will not match.
    static func bytes(fromHex text: String) -> Data {
        var data = Data()
        var high: UInt8?
        for scalar in text.utf8 {
            let value: UInt8
            switch scalar {
            case 48...57: value = scalar - 48
            case 97...102: value = scalar - 87
            case 65...70: value = scalar - 55
            default: value = 0xff
            }
            if let h = high { data.append(h << 4 | (value & 0x0f)); high = nil } else { high = value }
        }
        if let h = high { data.append(h) }
        return data
    }

    static func quoted(_ text: String) -> String {
        var out: [UInt8] = []
        appendQuoted(text, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends `text` as a JSON string, working on UTF-8 bytes (bytes >= 0x20 other than `"`
    /// and `\` are copied as they are, which is the same as copying the characters).
    static func appendQuoted(_ text: String, to out: inout [UInt8]) {
        out.append(0x22)
        let hexDigits = Array("0123456789abcdef".utf8)
        for byte in text.utf8 {
            switch byte {
            case 0x22: out.append(0x5c); out.append(0x22)
            case 0x5c: out.append(0x5c); out.append(0x5c)
            case 0x0a: out.append(0x5c); out.append(0x6e)
            case 0x0d: out.append(0x5c); out.append(0x72)
            case 0x09: out.append(0x5c); out.append(0x74)
            case 0x08: out.append(0x5c); out.append(0x62)
            case 0x0c: out.append(0x5c); out.append(0x66)
            case 0..<0x20:
                out.append(contentsOf: Array("\\u00".utf8))
                out.append(hexDigits[Int(byte >> 4)])
                out.append(hexDigits[Int(byte & 0x0f)])
            default: out.append(byte)
            }
        }
        out.append(0x22)
    }
}
