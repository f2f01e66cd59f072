/// Aho-Corasick automaton over `UInt32` symbols: all patterns found in one pass over a text,
/// overlapping ones included (Aho and Corasick, CACM 18(6), 1975).
struct AhoCorasickAutomaton: Sendable {
    /// Goto function: child per symbol, per node (node 0 is the root).
    private var transitions: [[UInt32: Int32]]
    /// Failure link per node: the longest proper suffix of the node's path that is a prefix
    /// of some pattern.
    private var failure: [Int32]
    /// Patterns ending at each node, those of its failure chain included.
    private var outputs: [[Int32]]
    /// Length of each pattern in symbols.
    let patternLengths: [Int]

    /// Builds the automaton for `patterns` (empty patterns are never reported).
    init(patterns: [[UInt32]]) {
        var transitions: [[UInt32: Int32]] = [[:]]
        var outputs: [[Int32]] = [[]]
        for (id, pattern) in patterns.enumerated() where !pattern.isEmpty {
            var node: Int32 = 0
            for symbol in pattern {
                if let next = transitions[Int(node)][symbol] {
                    node = next
                } else {
                    let next = Int32(transitions.count)
                    transitions.append([:])
                    outputs.append([])
                    transitions[Int(node)][symbol] = next
                    node = next
                }
            }
            outputs[Int(node)].append(Int32(id))
        }
        var failure = [Int32](repeating: 0, count: transitions.count)
        var queue: [Int32] = Array(transitions[0].values)
        var head = 0
        while head < queue.count {
            let node = queue[head]
            head += 1
            for (symbol, child) in transitions[Int(node)] {
                queue.append(child)
                var fallback = failure[Int(node)]
                var link: Int32 = 0
                while true {
                    if node != 0, let next = transitions[Int(fallback)][symbol] {
                        link = next
                        break
                    }
                    if fallback == 0 { break }
                    fallback = failure[Int(fallback)]
                }
                failure[Int(child)] = link
                outputs[Int(child)].append(contentsOf: outputs[Int(link)])
            }
        }
        self.transitions = transitions
        self.failure = failure
        self.outputs = outputs
        self.patternLengths = patterns.map(\.count)
    }

    /// Number of nodes (for diagnostics).
    var nodeCount: Int { transitions.count }

    /// Calls `body(pattern, endIndex)` for every occurrence of every pattern in `text`
    /// (`endIndex`: index of the pattern's last symbol).
    func forEachMatch(in text: [UInt32], _ body: (_ pattern: Int, _ endIndex: Int) -> Void) {
        var node: Int32 = 0
        for (index, symbol) in text.enumerated() {
            while true {
                if let next = transitions[Int(node)][symbol] {
                    node = next
                    break
                }
                if node == 0 { break }
                node = failure[Int(node)]
            }
            for pattern in outputs[Int(node)] { body(Int(pattern), index) }
        }
    }
}
