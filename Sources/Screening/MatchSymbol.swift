/// The alphabet the lexicon automaton runs on: a normalised text cut into runs of one word
/// scalar ("kiiill" -> k×1 i×3 l×2) and single separators (any run of spaces, punctuation or
/// symbols). Terms and prompts go through the same cut, so "blow-job", "blow job" and
/// "blow  job" are one phrase, and run lengths let elongated letters match.
struct MatchSymbol: Sendable, Equatable {
    /// The value of every separator symbol.
    static let separator: UInt32 = 0x20

    /// The scalar value of the run, or `separator`.
    var value: UInt32
    /// How many units the run spans (1 for separators).
    var run: Int32
    /// Index of the first unit of the run in `NormalizedText.units`.
    var firstUnit: Int32
    /// Index of the last unit of the run.
    var lastUnit: Int32
    /// A word may start here (see `NormalizedUnit.softBoundary`).
    var softBoundary: Bool

    var isSeparator: Bool { value == Self.separator }

    /// Cuts units into symbols.
    static func symbols(of units: [NormalizedUnit]) -> [MatchSymbol] {
        var symbols: [MatchSymbol] = []
        symbols.reserveCapacity(units.count)
        for (index, unit) in units.enumerated() {
            let position = Int32(index)
            if ScalarClass.isWordScalar(unit.scalar) {
                let value = unit.scalar.value
                if !unit.softBoundary, let last = symbols.last, last.value == value, !last.isSeparator {
                    symbols[symbols.count - 1].run += 1
                    symbols[symbols.count - 1].lastUnit = position
                } else {
                    symbols.append(MatchSymbol(value: value, run: 1, firstUnit: position, lastUnit: position,
                                               softBoundary: unit.softBoundary))
                }
            } else if let last = symbols.last, last.isSeparator {
                symbols[symbols.count - 1].lastUnit = position
            } else {
                symbols.append(MatchSymbol(value: separator, run: 1, firstUnit: position, lastUnit: position,
                                           softBoundary: false))
            }
        }
        return symbols
    }

    /// Whether a text run of length `text` may stand for a term run of length `term`. Exact
    /// lengths always match; with elastic runs (repeat collapsing on) a run of 3+ matches any
    /// term run and a double matches a single ("nuude" -> "nude"), but a single never matches
    /// a double ("as" is not "ass", "but" is not "butt").
    static func run(_ text: Int32, matches term: Int32, elastic: Bool) -> Bool {
        text == term || (elastic && (text >= 3 || (text == 2 && term == 1)))
    }
}
