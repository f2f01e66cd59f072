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

    static func canonicalJSON(_ row: AuditRow) -> String {
        let fields: [(String, String)] = [
            ("action", quoted(row.action)),
            ("api_key_id", row.apiKeyID.map(quoted) ?? "null"),
            ("decision_id", quoted(row.decisionID)),
            ("deciding_rules_json", quoted(row.decidingRulesJSON)),
            ("explanation", quoted(row.explanation)),
            ("image_hashes_json", quoted(row.imageHashesJSON)),
            ("normalized_prompt", quoted(row.normalizedPrompt)),
            ("policy_id", quoted(row.policyID)),
            ("policy_input_json", row.policyInputJSON.map(quoted) ?? "null"),
            ("policy_sha256", quoted(row.policySHA256)),
            ("policy_version", quoted(row.policyVersion)),
            ("prompt", quoted(row.prompt)),
            ("route", quoted(row.route)),
            ("seq", String(row.sequence)),
            ("stage", quoted(row.stage)),
            ("stages_json", quoted(row.stagesJSON)),
            ("time_us", String(row.timeMicroseconds)),
        ]
        return "{" + fields.map { "\"\($0.0)\":\($0.1)" }.joined(separator: ",") + "}"
    }

    static func rowHash(previousHash: String, canonical: String) -> String {
        var hasher = SHA256()
        hasher.update(data: bytes(fromHex: previousHash))
        hasher.update(data: Data(canonical.utf8))
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
        var out = "\""
        out.reserveCapacity(text.utf8.count + 2)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            case let c where c.value < 0x20:
                let h = String(c.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - h.count) + h
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
