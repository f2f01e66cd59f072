import Foundation
struct C: Decodable { let text: String; let ids: [Int32] }
let cases = try JSONDecoder().decode([C].self, from: Data(contentsOf: URL(fileURLWithPath: CommandLine.arguments[1])))
let tok = try WordPieceTokenizer(vocabularyURL: URL(fileURLWithPath: CommandLine.arguments[2]))
var bad = 0
let t0 = Date()
for c in cases {
    let e = tok.encode(c.text, maxLength: 100_000)
    if e.ids != c.ids {
        bad += 1
        if bad <= 15 {
            print("MISMATCH", c.text.unicodeScalars.map { String($0.value, radix: 16) }.joined(separator: " "))
            print("  ref ", c.ids.map { tok.vocabulary.tokens[Int($0)] })
            print("  ours", e.tokens)
        }
    }
}
print("cases", cases.count, "mismatches", bad, "seconds", Date().timeIntervalSince(t0))
