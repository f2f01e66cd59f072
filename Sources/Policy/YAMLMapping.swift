import Foundation
import Yams

/// A YAML mapping read with key checking and typed, located errors. Used by the policy
/// compiler and the policy test loader; every error names source, line and column.
struct YAMLMapping {
    let source: String
    let context: String
    let location: SourceLocation
    private let entries: [(key: String, keyNode: Node, value: Node)]

    /// Parses `text` and returns its root mapping.
    static func root(text: String, source: String, context: String, allowed: [String]?) throws(PolicyError) -> YAMLMapping {
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw Self.convert(error, source: source)
        } catch {
            throw .yamlSyntax(at: SourceLocation(source: source, line: 1, column: 1), message: "\(error)")
        }
        guard let node else {
            throw .notAMapping(at: SourceLocation(source: source, line: 1, column: 1), context: "the document (it is empty)")
        }
        return try YAMLMapping(node: node, source: source, context: context, allowed: allowed)
    }

    /// Wraps `node`, refusing keys outside `allowed` (nil: any key).
    init(node: Node, source: String, context: String, allowed: [String]?) throws(PolicyError) {
        self.source = source
        self.context = context
        self.location = Self.location(of: node, source: source)
        guard case let .mapping(mapping) = node else {
            throw .notAMapping(at: location, context: context)
        }
        var entries: [(key: String, keyNode: Node, value: Node)] = []
        for (keyNode, value) in mapping {
            guard case let .scalar(scalar) = keyNode else {
                throw .wrongType(at: Self.location(of: keyNode, source: source), key: "key in \(context)",
                                 expected: "a plain word", found: Self.describe(keyNode))
            }
            let key = scalar.string
            if let allowed, !allowed.contains(key) {
                throw .unknownKey(at: Self.location(of: keyNode, source: source), key: key, context: context,
                                  allowed: allowed)
            }
            entries.append((key, keyNode, value))
        }
        self.entries = entries
    }

    /// The keys in document order.
    var keys: [String] { entries.map(\.key) }

    /// The value node of `key`.
    func node(_ key: String) -> Node? { entries.first { $0.key == key }?.value }

    /// Where `key` is written (the mapping itself when absent).
    func location(of key: String) -> SourceLocation {
        guard let entry = entries.first(where: { $0.key == key }) else { return location }
        return Self.location(of: entry.keyNode, source: source)
    }

    /// Where `key`'s value is written.
    func valueLocation(of key: String) -> SourceLocation {
        guard let node = node(key) else { return location }
        return Self.location(of: node, source: source)
    }

    func require(_ key: String) throws(PolicyError) -> Node {
        guard let node = node(key) else { throw .missingKey(at: location, key: key, context: context) }
        return node
    }

    /// A string value (any plain or quoted scalar that is not null).
    func string(_ key: String) throws(PolicyError) -> String? {
        guard let node = node(key) else { return nil }
        guard case let .scalar(scalar) = node, Self.tagName(node) != .null else {
            throw .wrongType(at: valueLocation(of: key), key: key, expected: "text", found: Self.describe(node))
        }
        return scalar.string
    }

    func requireString(_ key: String) throws(PolicyError) -> String {
        _ = try require(key)
        guard let value = try string(key) else { throw .missingKey(at: location, key: key, context: context) }
        guard !value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw .invalidRule(at: valueLocation(of: key), reason: "'\(key)' must not be empty")
        }
        return value
    }

    /// A number (int or float scalar).
    func double(_ key: String) throws(PolicyError) -> Double? {
        guard let node = node(key) else { return nil }
        guard Self.tagName(node) == .int || Self.tagName(node) == .float, let value = node.float, value.isFinite else {
            throw .wrongType(at: valueLocation(of: key), key: key, expected: "a number", found: Self.describe(node))
        }
        return value
    }

    /// A number in [0, 1].
    func unitInterval(_ key: String) throws(PolicyError) -> Double? {
        guard let value = try double(key) else { return nil }
        guard (0...1).contains(value) else {
            throw .thresholdOutOfRange(at: valueLocation(of: key), key: key, value: value)
        }
        return value
    }

    func requireUnitInterval(_ key: String) throws(PolicyError) -> Double {
        _ = try require(key)
        guard let value = try unitInterval(key) else { throw .missingKey(at: location, key: key, context: context) }
        return value
    }

    /// An integer.
    func int(_ key: String) throws(PolicyError) -> Int? {
        guard let node = node(key) else { return nil }
        guard Self.tagName(node) == .int, let value = node.int else {
            throw .wrongType(at: valueLocation(of: key), key: key, expected: "a whole number", found: Self.describe(node))
        }
        return value
    }

    /// A boolean.
    func bool(_ key: String) throws(PolicyError) -> Bool? {
        guard let node = node(key) else { return nil }
        guard Self.tagName(node) == .bool, let value = node.bool else {
            throw .wrongType(at: valueLocation(of: key), key: key, expected: "true or false", found: Self.describe(node))
        }
        return value
    }

    /// A list of strings (a single string is accepted as a list of one).
    func stringList(_ key: String) throws(PolicyError) -> [String]? {
        guard let node = node(key) else { return nil }
        if case .scalar = node, Self.tagName(node) == .str { return [node.string ?? ""] }
        guard case let .sequence(sequence) = node else {
            throw .wrongType(at: valueLocation(of: key), key: key, expected: "a list of text", found: Self.describe(node))
        }
        var out: [String] = []
        for item in sequence {
            guard case let .scalar(scalar) = item, Self.tagName(item) != .null else {
                throw .wrongType(at: Self.location(of: item, source: source), key: "\(key) item",
                                 expected: "text", found: Self.describe(item))
            }
            out.append(scalar.string)
        }
        return out
    }

    /// A mapping of text to numbers (e.g. category scores).
    func numberMap(_ key: String) throws(PolicyError) -> [String: Double]? {
        guard let map = try mapping(key, context: "'\(key)'", allowed: nil) else { return nil }
        var out: [String: Double] = [:]
        for name in map.keys {
            guard let value = try map.double(name) else { continue }
            out[name] = value
        }
        return out
    }

    /// A nested mapping.
    func mapping(_ key: String, context: String, allowed: [String]?) throws(PolicyError) -> YAMLMapping? {
        guard let node = node(key) else { return nil }
        guard case .mapping = node else {
            throw .wrongType(at: valueLocation(of: key), key: key, expected: "a mapping", found: Self.describe(node))
        }
        return try YAMLMapping(node: node, source: source, context: context, allowed: allowed)
    }

    /// The items of a list value.
    func list(_ key: String) throws(PolicyError) -> [Node]? {
        guard let node = node(key) else { return nil }
        guard case let .sequence(sequence) = node else {
            throw .wrongType(at: valueLocation(of: key), key: key, expected: "a list", found: Self.describe(node))
        }
        return Array(sequence)
    }

    /// One of the raw values of a string enum.
    func word<T: RawRepresentable & CaseIterable>(_ key: String, as type: T.Type) throws(PolicyError) -> T?
    where T.RawValue == String {
        guard let value = try string(key) else { return nil }
        guard let word = T(rawValue: value) else {
            throw .invalidValue(at: valueLocation(of: key), key: key, value: value,
                                allowed: T.allCases.map(\.rawValue))
        }
        return word
    }

    /// The resolved tag of a node (Yams keeps `Tag.name` internal; `rawValue` is public).
    static func tagName(_ node: Node) -> Tag.Name { Tag.Name(rawValue: node.tag.rawValue) }

    static func location(of node: Node, source: String) -> SourceLocation {
        let mark = node.mark
        return SourceLocation(source: source, line: mark?.line ?? 1, column: mark?.column ?? 1)
    }

    /// A short description of a node for wrong-type messages.
    static func describe(_ node: Node) -> String {
        switch node {
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        case let .scalar(scalar):
            switch Self.tagName(node) {
            case .null: return "nothing (null)"
            case .int, .float: return "the number \(scalar.string)"
            case .bool: return "the boolean \(scalar.string)"
            default: return "the text '\(scalar.string)'"
            }
        }
    }

    static func convert(_ error: YamlError, source: String) -> PolicyError {
        switch error {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _),
             let .composer(context, problem, mark, _):
            let prefix = context.map { "\($0.text) (line \($0.mark.line), column \($0.mark.column)): " } ?? ""
            return .yamlSyntax(at: SourceLocation(source: source, line: mark.line, column: mark.column),
                               message: prefix + problem)
        case let .duplicatedKeysInMapping(duplicates, context):
            return .duplicateKey(at: SourceLocation(source: source, line: context.mark.line, column: context.mark.column),
                                 key: duplicates.joined(separator: ", "))
        case let .reader(problem, offset, _, _):
            return .yamlSyntax(at: SourceLocation(source: source, line: 1, column: 1),
                               message: "\(problem) at byte offset \(offset.map(String.init) ?? "?")")
        default:
            return .yamlSyntax(at: SourceLocation(source: source, line: 1, column: 1), message: "\(error)")
        }
    }
}
