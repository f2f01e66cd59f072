import Foundation

/// A `multipart/form-data` body (RFC 7578) split into its named parts, within limits.
///
///     let form = try MultipartForm(body: request.body, contentType: request.headers["content-type"])
///     let image = form.part(named: "image")?.body        // bytes of the uploaded file
///     let prompt = try form.text(named: "prompt")          // a text field as UTF-8
///
/// The parser reads the boundary from the Content-Type header (quoted or not), ignores the
/// preamble and epilogue, accepts CRLF line ends (and bare LF, as some clients send), and
/// refuses: a missing or over-long boundary, a missing closing delimiter, a part without a
/// `Content-Disposition: form-data; name=...`, more parts or larger parts than the limits, and
/// part headers over their limit. Every refusal is ``GatewayError/malformedMultipart(reason:)``
/// or ``GatewayError/multipartLimit(reason:)``, which the routes answer with 400 or 413.
public struct MultipartForm: Sendable {
    /// Bounds checked while parsing, before anything is copied.
    public struct Limits: Sendable, Equatable {
        /// Most parts in one body.
        public var maxParts: Int
        /// Largest header block of one part.
        public var maxPartHeaderBytes: Int
        /// Largest body of one part (a file).
        public var maxPartBytes: Int

        public init(maxParts: Int = 16, maxPartHeaderBytes: Int = 8 << 10, maxPartBytes: Int = 8 << 20) {
            self.maxParts = maxParts
            self.maxPartHeaderBytes = maxPartHeaderBytes
            self.maxPartBytes = maxPartBytes
        }
    }

    /// One part: its form field name, file name if it is a file, content type and bytes.
    public struct Part: Sendable, Equatable {
        public var name: String
        public var filename: String?
        public var contentType: String?
        public var body: Data
    }

    /// The parts in the order they were sent.
    public let parts: [Part]

    /// Parses `body` with the boundary named in `contentType` (the request's Content-Type).
    public init(body: Data, contentType: String?, limits: Limits = Limits()) throws(GatewayError) {
        let boundary = try Self.boundary(contentType: contentType)
        parts = try Self.parse(Array(body), boundary: Array(("--" + boundary).utf8), limits: limits)
    }

    /// The first part called `name`, if any.
    public func part(named name: String) -> Part? { parts.first { $0.name == name } }

    /// The first part called `name` as UTF-8 text, or nil when absent; throws when not UTF-8.
    public func text(named name: String) throws(GatewayError) -> String? {
        guard let part = part(named: name) else { return nil }
        guard let text = String(data: part.body, encoding: .utf8) else {
            throw .malformedMultipart(reason: "field '\(name)' is not UTF-8 text")
        }
        return text
    }

    /// The boundary parameter of a `multipart/form-data` Content-Type.
    static func boundary(contentType: String?) throws(GatewayError) -> String {
        guard let contentType else {
            throw .malformedMultipart(reason: "no Content-Type header; expected multipart/form-data with a boundary")
        }
        let pieces = contentType.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
        guard pieces.first?.lowercased() == "multipart/form-data" else {
            throw .malformedMultipart(reason: "Content-Type is '\(pieces.first ?? "")', expected multipart/form-data")
        }
        for piece in pieces.dropFirst() {
            guard let equals = piece.firstIndex(of: "="),
                  piece[..<equals].trimmingCharacters(in: .whitespaces).lowercased() == "boundary" else { continue }
            var value = piece[piece.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") { value = String(value.dropFirst().dropLast()) }
            // RFC 2046: 1 to 70 characters.
            guard (1...70).contains(value.utf8.count), !value.contains("\r"), !value.contains("\n") else {
                throw .malformedMultipart(reason: "the boundary must be 1 to 70 characters on one line")
            }
            return value
        }
        throw .malformedMultipart(reason: "Content-Type multipart/form-data has no boundary parameter")
    }

    static func parse(_ bytes: [UInt8], boundary delimiter: [UInt8], limits: Limits) throws(GatewayError) -> [Part] {
        // The first delimiter may open the body or follow a preamble on its own line.
        guard var cursor = find(delimiter, in: bytes, from: 0) else {
            throw .malformedMultipart(reason: "the body holds no boundary delimiter")
        }
        var parts: [Part] = []
        while true {
            cursor += delimiter.count
            // "--" after the delimiter closes the body.
            if cursor + 1 < bytes.count, bytes[cursor] == 0x2D, bytes[cursor + 1] == 0x2D { return parts }
            // Otherwise the rest of the delimiter line is transport padding, then CRLF.
            while cursor < bytes.count, bytes[cursor] == 0x20 || bytes[cursor] == 0x09 { cursor += 1 }
            guard let afterLine = lineEnd(in: bytes, at: cursor) else {
                throw .malformedMultipart(reason: "the body ends without the closing boundary delimiter")
            }
            cursor = afterLine
            guard parts.count < limits.maxParts else {
                throw .multipartLimit(reason: "more than \(limits.maxParts) parts")
            }
            // Headers end at the first empty line.
            let (headerEnd, bodyStart) = try headerBlockEnd(in: bytes, from: cursor, limit: limits.maxPartHeaderBytes)
            let headers = try parseHeaders(bytes[cursor..<headerEnd])
            // The body runs to CRLF (or LF) before the next delimiter.
            // A delimiter counts only at the start of a line and followed by "--" or the line end.
            var search = bodyStart
            var found: Int?
            while let candidate = find(delimiter, in: bytes, from: search) {
                if candidate == bodyStart || bytes[candidate - 1] == 0x0A,
                   endsDelimiterLine(bytes, at: candidate + delimiter.count) {
                    found = candidate
                    break
                }
                search = candidate + 1
            }
            guard let next = found else {
                throw .malformedMultipart(reason: "the body ends without the closing boundary delimiter")
            }
            var bodyEnd = next
            if bodyEnd > bodyStart, bytes[bodyEnd - 1] == 0x0A { bodyEnd -= 1 }
            if bodyEnd > bodyStart, bytes[bodyEnd - 1] == 0x0D { bodyEnd -= 1 }
            guard bodyEnd - bodyStart <= limits.maxPartBytes else {
                throw .multipartLimit(reason: "part '\(headers.name)' has \(bodyEnd - bodyStart) bytes; at most \(limits.maxPartBytes) are accepted")
            }
            parts.append(Part(name: headers.name, filename: headers.filename, contentType: headers.contentType,
                              body: Data(bytes[bodyStart..<bodyEnd])))
            cursor = next
        }
    }

    /// True when the bytes at `index` finish a delimiter line: "--", or optional spaces and a line end.
    static func endsDelimiterLine(_ bytes: [UInt8], at index: Int) -> Bool {
        if index + 1 < bytes.count, bytes[index] == 0x2D, bytes[index + 1] == 0x2D { return true }
        var cursor = index
        while cursor < bytes.count, bytes[cursor] == 0x20 || bytes[cursor] == 0x09 { cursor += 1 }
        return lineEnd(in: bytes, at: cursor) != nil
    }

    /// The index after the CRLF or LF at `index`, or nil when there is none there.
    static func lineEnd(in bytes: [UInt8], at index: Int) -> Int? {
        if index + 1 < bytes.count, bytes[index] == 0x0D, bytes[index + 1] == 0x0A { return index + 2 }
        if index < bytes.count, bytes[index] == 0x0A { return index + 1 }
        return nil
    }

    /// Where a part's header block ends and its body starts.
    static func headerBlockEnd(in bytes: [UInt8], from start: Int, limit: Int) throws(GatewayError) -> (Int, Int) {
        var index = start
        while index < bytes.count {
            if index - start > limit {
                throw .multipartLimit(reason: "a part's headers exceed \(limit) bytes")
            }
            if bytes[index] == 0x0A {
                // Empty line: LF LF or CRLF CRLF (the first LF ends the last header line).
                if let next = lineEnd(in: bytes, at: index + 1) {
                    let end = index > start && bytes[index - 1] == 0x0D ? index - 1 : index
                    return (end, next)
                }
            }
            index += 1
        }
        throw .malformedMultipart(reason: "a part's headers are not followed by an empty line")
    }

    struct PartHeaders {
        var name: String
        var filename: String?
        var contentType: String?
    }

    static func parseHeaders(_ block: ArraySlice<UInt8>) throws(GatewayError) -> PartHeaders {
        guard let text = String(bytes: block, encoding: .utf8) else {
            throw .malformedMultipart(reason: "a part's headers are not UTF-8")
        }
        var disposition: String?
        var contentType: String?
        for line in text.split(omittingEmptySubsequences: true, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            guard let colon = line.firstIndex(of: ":") else {
                throw .malformedMultipart(reason: "part header line without a colon: '\(line.prefix(80))'")
            }
            let name = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespacesAndNewlines)
            if name == "content-disposition" { disposition = value }
            if name == "content-type" { contentType = value }
        }
        guard let disposition else {
            throw .malformedMultipart(reason: "a part has no Content-Disposition header")
        }
        let parameters = dispositionParameters(disposition)
        guard parameters.type == "form-data" else {
            throw .malformedMultipart(reason: "Content-Disposition is '\(parameters.type)', expected form-data")
        }
        guard let name = parameters.values["name"], !name.isEmpty else {
            throw .malformedMultipart(reason: "a part's Content-Disposition has no name")
        }
        return PartHeaders(name: name, filename: parameters.values["filename"], contentType: contentType)
    }

    /// `form-data; name="image"; filename="a;b.png"`: the type and its parameters; quoted
    /// values may hold `;` and backslash-escaped quotes.
    static func dispositionParameters(_ value: String) -> (type: String, values: [String: String]) {
        var values: [String: String] = [:]
        var characters = Substring(value)
        func skipSpaces() { while characters.first == " " || characters.first == "\t" { characters.removeFirst() } }
        let type = characters.prefix { $0 != ";" }
        characters.removeFirst(type.count)
        while !characters.isEmpty {
            characters.removeFirst()          // ";"
            skipSpaces()
            let key = characters.prefix { $0 != "=" && $0 != ";" }
            characters.removeFirst(key.count)
            guard characters.first == "=" else { continue }
            characters.removeFirst()
            skipSpaces()
            var parsed = ""
            if characters.first == "\"" {
                characters.removeFirst()
                while let character = characters.first {
                    characters.removeFirst()
                    if character == "\\", let escaped = characters.first { parsed.append(escaped); characters.removeFirst(); continue }
                    if character == "\"" { break }
                    parsed.append(character)
                }
                characters = characters.drop { $0 != ";" }
            } else {
                let raw = characters.prefix { $0 != ";" }
                characters.removeFirst(raw.count)
                parsed = raw.trimmingCharacters(in: .whitespaces)
            }
            values[key.trimmingCharacters(in: .whitespaces).lowercased()] = parsed
        }
        return (type.trimmingCharacters(in: .whitespaces).lowercased(), values)
    }

    /// First index of `needle` in `haystack` at or after `start` (first-byte scan, then compare).
    static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard let first = needle.first, haystack.count >= needle.count else { return nil }
        let last = haystack.count - needle.count
        var index = start
        return haystack.withUnsafeBufferPointer { hay -> Int? in
            needle.withUnsafeBufferPointer { pin -> Int? in
                guard let hayBase = hay.baseAddress, let pinBase = pin.baseAddress else { return nil }
                while index <= last {
                    if hay[index] == first, memcmp(hayBase + index, pinBase, pin.count) == 0 { return index }
                    index += 1
                }
                return nil
            }
        }
    }
}
