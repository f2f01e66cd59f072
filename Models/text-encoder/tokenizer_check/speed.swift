// Tokenizer speed (release, swiftc -O): microseconds per encode of three prompts, vocabulary load, 100 kB of prose. Run by check.sh.
import Foundation
let tok = try WordPieceTokenizer(vocabularyURL: URL(fileURLWithPath: CommandLine.arguments[1]))
let prompts = ["A hyper-realistic oil painting of a lighthouse at dusk, dramatic lighting",
               "A hyper-realistic oil painting of a lighthouse at dusk on a rocky coast, dramatic lighting, crashing waves, seagulls, volumetric fog, warm and cold colour contrast, by a master of romantic seascapes, highly detailed, 8k, trending on artstation, golden hour",
               "Café crème brûlée à la façon de Zoë, naïve résumé. 東京タワーの夜景 🍕"]
for p in prompts {
    var n = 0
    let t0 = DispatchTime.now().uptimeNanoseconds
    for _ in 0..<20000 { n &+= tok.encode(p).ids.count }
    let dt = Double(DispatchTime.now().uptimeNanoseconds - t0) / 20000 / 1000
    print("ids", tok.encode(p).ids.count, "microseconds per encode", String(format: "%.2f", dt), n > 0)
}
let t0 = DispatchTime.now().uptimeNanoseconds
_ = try WordPieceTokenizer(vocabularyURL: URL(fileURLWithPath: CommandLine.arguments[1]))
print("vocabulary load ms", Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e6)
let big = String(repeating: "The quick brown fox jumps over the lazy dog. ", count: 2300)
let t1 = DispatchTime.now().uptimeNanoseconds
let e = tok.encode(big)
print("100 kB prose ms", Double(DispatchTime.now().uptimeNanoseconds - t1) / 1e6, e.untruncatedLength)
