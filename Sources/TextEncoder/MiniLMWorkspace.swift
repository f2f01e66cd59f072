/// Activation buffers of one forward pass, sized for a batch (total tokens, longest sequence)
/// and reused by later batches that fit. Sequences are packed one after another without
/// padding, so no pad position is ever computed, attended to, or averaged.
struct MiniLMWorkspace: Sendable {
    var hidden: [Float] = []       // [N, H]   block input / output
    var attention: [Float] = []    // [N, H]   attention block output (after its LayerNorm)
    var context: [Float] = []      // [N, H]   attention heads, before the output projection
    var qkv: [Float] = []          // [N, 3H]  fused query | key | value projections
    var intermediate: [Float] = [] // [N, F]   FFN hidden layer
    var scores: [Float] = []       // [T, T]   one head's attention scores
    var scoresSecond: [Float] = [] // [T, T]   the same for the heads run on the kernel worker
    private(set) var tokenCapacity = 0
    private(set) var lengthCapacity = 0

    /// Grows the buffers to hold `tokens` packed tokens whose longest sequence is `longest`;
    /// keeps them when they are already large enough.
    mutating func reserve(tokens: Int, longest: Int, configuration c: MiniLMConfiguration) {
        if tokens > tokenCapacity {
            let h = c.hiddenSize
            hidden = [Float](repeating: 0, count: tokens * h)
            attention = [Float](repeating: 0, count: tokens * h)
            context = [Float](repeating: 0, count: tokens * h)
            qkv = [Float](repeating: 0, count: tokens * 3 * h)
            intermediate = [Float](repeating: 0, count: tokens * c.intermediateSize)
            tokenCapacity = tokens
        }
        if longest > lengthCapacity {
            scores = [Float](repeating: 0, count: longest * longest)
            scoresSecond = [Float](repeating: 0, count: longest * longest)
            lengthCapacity = longest
        }
    }
}
