/// Maps a classifier's calibrated probability onto a scale where each category's own operating
/// threshold sits at 0.5.
///
/// The prompt classifier's per-category thresholds are chosen on its calibration split for at most
/// 2% false positives on benign prompts, and they differ widely between categories (0.01 for one,
/// 0.89 for another). Policies and API clients read one scale instead: a score of 0.5 means "at
/// this category's operating point", 0.25 "half-way there", 1.0 "certain". The map is piecewise
/// linear and monotone, so every ranking and ROC curve is unchanged:
///
///     s < t:  s / (2 t)            s >= t:  0.5 + (s - t) / (2 (1 - t))
public struct OperatingPointScale: Sendable, Equatable {
    /// Category -> classifier threshold on the calibrated probability.
    public let thresholds: [String: Double]

    public init(thresholds: [String: Double]) { self.thresholds = thresholds }

    /// The score of `probability` for `category` on the operating-point scale. A category without
    /// a threshold keeps its probability.
    public func score(_ probability: Double, category: String) -> Double {
        guard let t = thresholds[category], t > 0, t < 1 else { return probability }
        let p = min(1, max(0, probability))
        return p < t ? p / (2 * t) : 0.5 + (p - t) / (2 * (1 - t))
    }

    /// Every category of `probabilities` on the operating-point scale.
    public func scores(_ probabilities: [String: Double]) -> [String: Double] {
        var out: [String: Double] = [:]
        for (category, p) in probabilities { out[category] = score(p, category: category) }
        return out
    }
}
