import Foundation
import FuzzDriver
import Screening

/// The repository's lexicons, loaded once (the fuzz binary lives in the checkout).
let repositoryMatcher: LexiconMatcher = {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    do {
        let lexicons = try LexiconSet.load(directory: root.appendingPathComponent("Policies/lexicons"))
        return LexiconMatcher(lexicons: lexicons)
    } catch {
        fatalError("cannot load Policies/lexicons: \(error)")
    }
}()

/// libFuzzer entry: prompts (bytes as UTF-8, invalid sequences replaced) -> `TextNormalizer`
/// and `LexiconMatcher`. Every span must lie inside the prompt as typed and map back through
/// the normalised text's offsets without trapping.
func fuzzTextNormalizer(_ bytes: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let input = fuzzBytes(bytes, count)
    let prompt = String(decoding: input, as: UTF8.self)
    let normalized = repositoryMatcher.normalizer.normalize(prompt)
    precondition(normalized.original == prompt, "the normalised text lost its original")
    let whole = normalized.originalRange(ofNormalized: 0..<normalized.normalizedLength)
    precondition(whole.lowerBound >= 0 && whole.upperBound <= normalized.originalLength,
                 "the normalised text maps outside the original: \(whole) of \(normalized.originalLength)")
    for hit in repositoryMatcher.hits(in: normalized) {
        precondition(0 <= hit.start && hit.start <= hit.end && hit.end <= normalized.originalLength,
                     "hit \(hit.term) at \(hit.start)..<\(hit.end) outside a prompt of \(normalized.originalLength)")
        _ = normalized.originalText(in: hit.start..<hit.end)
    }
    return 0
}
