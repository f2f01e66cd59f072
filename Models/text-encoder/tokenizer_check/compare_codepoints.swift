import Foundation
let rows = try JSONDecoder().decode([[Int32]].self, from: Data(contentsOf: URL(fileURLWithPath: CommandLine.arguments[1])))
let tok = try WordPieceTokenizer(vocabularyURL: URL(fileURLWithPath: CommandLine.arguments[2]))
var bad: [(UInt32, [String], [String])] = []
for row in rows {
    let cp = UInt32(row[0]); let ref = Array(row.dropFirst())
    let s = "x" + String(Unicode.Scalar(cp)!) + "y"
    let e = tok.encode(s, maxLength: 1000)
    if e.ids != ref { bad.append((cp, ref.map { tok.vocabulary.tokens[Int($0)] }, e.tokens)) }
}
print("codepoints", rows.count, "mismatches", bad.count)
for b in bad.prefix(60) {
    let sc = Unicode.Scalar(b.0)!
    print(String(b.0, radix: 16), sc.properties.generalCategory, sc.properties.age.map { "\($0.major).\($0.minor)" } ?? "-", "ref", b.1.joined(separator: " "), "| ours", b.2.joined(separator: " "))
}
