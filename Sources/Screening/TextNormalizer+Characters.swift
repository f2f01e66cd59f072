import Foundation

/// The character-level passes of `TextNormalizer` (one scalar in, zero or more out).
extension TextNormalizer {
    /// Control characters dropped; tabs, newlines and Unicode spaces become " ".
    static func hygiene(_ units: [NormalizedUnit]) -> [NormalizedUnit] {
        var output: [NormalizedUnit] = []
        output.reserveCapacity(units.count)
        for var unit in units {
            if ScalarClass.isSpace(unit.scalar) {
                unit.scalar = " "
                output.append(unit)
                continue
            }
            if unit.scalar.properties.generalCategory == .control { continue }
            output.append(unit)
        }
        return output
    }

    /// Drops the scalars of `ScalarClass.isInvisible`.
    static func removeInvisible(_ units: [NormalizedUnit]) -> [NormalizedUnit] {
        units.filter { !ScalarClass.isInvisible($0.scalar) }
    }

    /// NFKC per grapheme cluster: every scalar a cluster becomes maps to the cluster's whole
    /// original range. ASCII clusters are passed through untouched.
    static func compatibilityCompose(_ units: [NormalizedUnit]) -> [NormalizedUnit] {
        guard units.contains(where: { !$0.scalar.isASCII }) else { return units }
        var scalars = String.UnicodeScalarView()
        scalars.append(contentsOf: units.map(\.scalar))
        let string = String(scalars)
        var output: [NormalizedUnit] = []
        output.reserveCapacity(units.count)
        var position = 0
        for character in string {
            let count = character.unicodeScalars.count
            let cluster = units[position..<(position + count)]
            position += count
            if character.unicodeScalars.allSatisfy(\.isASCII) {
                output.append(contentsOf: cluster)
                continue
            }
            let composed = String(character).precomposedStringWithCompatibilityMapping.unicodeScalars
            if composed.elementsEqual(character.unicodeScalars) {
                output.append(contentsOf: cluster)
                continue
            }
            let start = cluster.map(\.start).min() ?? 0
            let end = cluster.map(\.end).max() ?? 0
            for scalar in composed {
                output.append(NormalizedUnit(scalar: scalar, start: start, end: end))
            }
        }
        return output
    }

    /// Full lowercase mapping, plus "ß" -> "ss" and final sigma -> sigma (case folding proper).
    static func caseFold(_ units: [NormalizedUnit]) -> [NormalizedUnit] {
        var output: [NormalizedUnit] = []
        output.reserveCapacity(units.count)
        for var unit in units {
            let value = unit.scalar.value
            if value < 0x80 {
                if value >= 0x41 && value <= 0x5A, let lower = Unicode.Scalar(value + 0x20) { unit.scalar = lower }
                output.append(unit)
                continue
            }
            if value == 0xDF || value == 0x1E9E {
                unit.scalar = "s"
                output.append(unit)
                output.append(unit)
                continue
            }
            if value == 0x3C2, let sigma = Unicode.Scalar(0x3C3) {
                unit.scalar = sigma
                output.append(unit)
                continue
            }
            let mapping = unit.scalar.properties.lowercaseMapping.unicodeScalars
            if mapping.count == 1, let first = mapping.first {
                unit.scalar = first
                output.append(unit)
            } else {
                for scalar in mapping {
                    var mapped = unit
                    mapped.scalar = scalar
                    output.append(mapped)
                }
            }
        }
        return output
    }

    /// Drops obfuscating combining marks and the diacritics of accented Latin letters.
    static func stripCombiningMarks(_ units: [NormalizedUnit]) -> [NormalizedUnit] {
        var output: [NormalizedUnit] = []
        output.reserveCapacity(units.count)
        for unit in units {
            if unit.scalar.isASCII {
                output.append(unit)
            } else if ScalarClass.isObfuscatingMark(unit.scalar) {
                // The mark belongs to the letter before it: a span ending on that letter
                // covers what the user typed ("e\u{336}").
                if let last = output.indices.last, output[last].end == unit.start { output[last].end = unit.end }
                continue
            } else if ScalarClass.isAccentedLatin(unit.scalar) {
                let decomposed = String(unit.scalar).decomposedStringWithCanonicalMapping.unicodeScalars
                for scalar in decomposed where !ScalarClass.isObfuscatingMark(scalar) {
                    var mapped = unit
                    mapped.scalar = scalar
                    output.append(mapped)
                }
            } else {
                output.append(unit)
            }
        }
        return output
    }

    /// Runs of spaces become one space; leading and trailing spaces go.
    static func collapseSpaces(_ units: [NormalizedUnit]) -> [NormalizedUnit] {
        var output: [NormalizedUnit] = []
        output.reserveCapacity(units.count)
        for unit in units {
            if unit.scalar == " " {
                if let last = output.last, last.scalar != " " { output.append(unit) }
            } else {
                output.append(unit)
            }
        }
        if output.last?.scalar == " " { output.removeLast() }
        return output
    }
}
