/// Look-alike letters folded to Latin by `TextNormalizer.Transforms.homoglyphs`.
///
/// Two tables:
/// * `scriptLookalikes`: Cyrillic and Greek letters that look like Latin ones ("ѕех", "РОRN").
///   They are folded only in a token (a run without spaces) where every Cyrillic or Greek
///   letter has a look-alike, so genuine Russian or Greek words with letters that have none
///   ("привет", "καλημέρα") are left as they are. A token without Latin letters is folded only
///   when the prompt holds no genuine Cyrillic or Greek word, so in "кот на диване" the short
///   words "кот" and "на" stay Cyrillic, while "рorn" (Latin and Cyrillic mixed) always folds.
/// * `styledLetters`: letters that only ever stand for Latin ones: small capitals, IPA and
///   stroked letters, fullwidth ASCII, circled, squared and negative squared letters,
///   regional indicator symbols. Always folded.
///
/// Mathematical alphanumerics ("𝐧𝐮𝐝𝐞", "𝓷𝓾𝓭𝓮") are folded by NFKC, not here.
enum HomoglyphTable {
    /// Cyrillic and Greek look-alikes (upper and lower case) -> Latin.
    static let scriptLookalikes: [UInt32: Unicode.Scalar] = {
        let pairs: [(String, String)] = [
            // Cyrillic capitals
            ("АВСЕНІЈКМОРЅТХУҮԀԚԜҺӀ", "abcehijkmopstxyydqwhl"),
            // Cyrillic small letters (including faux-Cyrillic readings: в b, г r, п n, ш w, ь b)
            ("авсеёнһіїјкмопрѕтхуүԁԛԝӏгшь", "abceehhiijkmonpstxyydqwlrwb"),
            // Greek capitals
            ("ΑΒΕΖΗΙΚΜΝΟΡΤΥΧ", "abezhikmnoptyx"),
            // Greek small letters
            ("αβγδεηικνορτυχωϲϳςσμάέήίόύώ", "abydenikvoptuxwcjcouaeniouw"),
        ]
        return table(pairs)
    }()

    /// Styled Latin letters -> plain Latin.
    static let styledLetters: [UInt32: Unicode.Scalar] = {
        var map = table([
            // small capitals
            ("ᴀʙᴄᴅᴇꜰɢʜɪᴊᴋʟᴍɴᴏᴘǫʀꜱᴛᴜᴠᴡʏᴢ", "abcdefghijklmnopqrstuvwyz"),
            // IPA and stroked or hooked letters that do not decompose
            ("ɑɐɓɡɩıȷʋøØðđĐłŁħĦŧŦƀƈɗɠƙƚɱɲƥʠɍʂƭⱳƴȥȼɇɨɉŀʉɏƶ", "aabgiijvoodddllhhttbcdgklmnpqrstwyzceijluyz"),
        ])
        let ranges: [(ClosedRange<UInt32>, UInt32)] = [
            (0xFF01...0xFF5E, 0x21),    // fullwidth ASCII (NFKC also does this)
            (0x24B6...0x24CF, 0x61),    // circled capitals
            (0x24D0...0x24E9, 0x61),    // circled small letters
            (0x1F130...0x1F149, 0x61),  // squared capitals
            (0x1F150...0x1F169, 0x61),  // negative circled capitals (no NFKC decomposition)
            (0x1F170...0x1F189, 0x61),  // negative squared capitals (no NFKC decomposition)
            (0x1F1E6...0x1F1FF, 0x61),  // regional indicator symbols
        ]
        for (range, base) in ranges {
            for value in range {
                let target = base == 0x21 ? value - 0xFF01 + 0x21 : value - range.lowerBound + base
                if let scalar = Unicode.Scalar(target) { map[value] = scalar }
            }
        }
        return map
    }()

    private static func table(_ pairs: [(String, String)]) -> [UInt32: Unicode.Scalar] {
        var map: [UInt32: Unicode.Scalar] = [:]
        for (from, to) in pairs {
            for (source, target) in zip(from.unicodeScalars, to.unicodeScalars) { map[source.value] = target }
        }
        return map
    }

    /// Whether `scalar` is a Cyrillic or Greek letter (the scripts folded per token).
    static func isFoldedScript(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x0370...0x03FF, 0x0400...0x052F, 0x1F00...0x1FFF: return ScalarClass.isLetter(scalar)
        default: return false
        }
    }

    /// Folds look-alikes in `units`, token by token.
    static func fold(_ units: [NormalizedUnit]) -> [NormalizedUnit] {
        guard units.contains(where: { !$0.scalar.isASCII }) else { return units }
        var output = units
        // Genuine Cyrillic or Greek text: some letter of those scripts has no Latin look-alike.
        let hasGenuineScript = units.contains { isFoldedScript($0.scalar) && scriptLookalikes[$0.scalar.value] == nil }
        var tokenStart = 0
        while tokenStart < output.count {
            var tokenEnd = tokenStart
            while tokenEnd < output.count, output[tokenEnd].scalar != " " { tokenEnd += 1 }
            let token = tokenStart..<tokenEnd
            let allMapped = output[token].allSatisfy {
                !isFoldedScript($0.scalar) || scriptLookalikes[$0.scalar.value] != nil
            }
            let hasLatin = output[token].contains { $0.scalar.isASCII && ScalarClass.isLetter($0.scalar) }
            let foldsScript = allMapped && (hasLatin || !hasGenuineScript)
            for index in token {
                let value = output[index].scalar.value
                if let styled = styledLetters[value] {
                    output[index].scalar = styled
                } else if foldsScript, let latin = scriptLookalikes[value] {
                    output[index].scalar = latin
                }
            }
            tokenStart = tokenEnd + 1
        }
        return output
    }
}
