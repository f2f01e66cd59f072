/// A trie over Unicode scalars with two roots: whole tokens (``wordStart``), and continuation
/// tokens with their `##` stripped (``continuation``). WordPiece's greedy longest match is one
/// walk down it. Edges live in one open-addressing hash table keyed by (node, scalar), with a
/// multiplicative hash (Fibonacci hashing) and linear probing: a lookup is a multiply and,
/// almost always, one probe.
struct ScalarTrie: Sendable {
    static let wordStart: Int32 = 0
    static let continuation: Int32 = 1

    private static let emptyKey = UInt64.max  // never a real key: nodes are below 2^31
    private var keys: [UInt64]                // edge keys, `emptyKey` where free
    private var targets: [Int32]              // child node of each edge
    private var shift: UInt64                 // 64 - log2(table size)
    private var edgeCount = 0
    private var terminal: [Int32] = [-1, -1]  // token id ending at each node, or -1

    init() {
        keys = Array(repeating: Self.emptyKey, count: 1 << 10)
        targets = Array(repeating: -1, count: 1 << 10)
        shift = 64 - 10
    }

    private static func key(_ node: Int32, _ scalar: Unicode.Scalar) -> UInt64 {
        UInt64(UInt32(bitPattern: node)) << 32 | UInt64(scalar.value)
    }

    @inline(__always)
    private func slot(of key: UInt64) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift)
    }

    private func child(_ node: Int32, _ scalar: Unicode.Scalar) -> Int32? {
        let k = Self.key(node, scalar)
        let mask = keys.count - 1
        var index = slot(of: k)
        while true {
            let stored = keys[index]
            if stored == k { return targets[index] }
            if stored == Self.emptyKey { return nil }
            index = (index + 1) & mask
        }
    }

    private mutating func addEdge(_ k: UInt64, _ target: Int32) {
        if (edgeCount + 1) * 2 > keys.count { grow() }
        let mask = keys.count - 1
        var index = slot(of: k)
        while keys[index] != Self.emptyKey { index = (index + 1) & mask }
        keys[index] = k
        targets[index] = target
        edgeCount += 1
    }

    private mutating func grow() {
        let oldKeys = keys, oldTargets = targets
        keys = Array(repeating: Self.emptyKey, count: oldKeys.count * 2)
        targets = Array(repeating: -1, count: oldKeys.count * 2)
        shift -= 1
        edgeCount = 0
        for (k, t) in zip(oldKeys, oldTargets) where k != Self.emptyKey { addEdge(k, t) }
    }

    /// Inserts `scalars` under `root`; returns the existing id instead when the token is already there.
    mutating func insert(_ scalars: ArraySlice<Unicode.Scalar>, root: Int32, id: Int32) -> Int32? {
        var node = root
        for scalar in scalars {
            if let next = child(node, scalar) {
                node = next
            } else {
                let next = Int32(terminal.count)
                terminal.append(-1)
                addEdge(Self.key(node, scalar), next)
                node = next
            }
        }
        if terminal[Int(node)] >= 0 { return terminal[Int(node)] }
        terminal[Int(node)] = id
        return nil
    }

    /// The longest token under `root` that is a prefix of `scalars[range]` (at least one scalar).
    func longestMatch(_ scalars: [Unicode.Scalar], in range: Range<Int>, root: Int32) -> (end: Int, id: Int32)? {
        var node = root
        var best: (end: Int, id: Int32)? = nil
        var index = range.lowerBound
        while index < range.upperBound, let next = child(node, scalars[index]) {
            node = next
            index += 1
            let id = terminal[Int(node)]
            if id >= 0 { best = (index, id) }
        }
        return best
    }
}
