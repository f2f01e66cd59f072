import Foundation
import Screening

/// `warden eval prompts`: per-category precision, recall and false-positive rate of prompt
/// screening on a labelled file, the policy's refusal rates, and the recall kept when the unsafe
/// prompts are disguised by each obfuscation the normaliser is meant to undo.
public struct PromptEvaluation: Sendable {
    /// Figures for one category.
    public struct CategoryFigures: Codable, Sendable, Equatable {
        public var category: String
        public var positives: Int
        public var truePositives: Int
        public var flagged: Int
        public var benignFlagged: Int
        public var benign: Int
        public var recall: Double? { positives > 0 ? Double(truePositives) / Double(positives) : nil }
        public var precision: Double? { flagged > 0 ? Double(truePositives) / Double(flagged) : nil }
        public var falsePositiveRate: Double? { benign > 0 ? Double(benignFlagged) / Double(benign) : nil }
    }

    /// Recall of unsafe prompts kept under one obfuscation.
    public struct ObfuscationFigures: Codable, Sendable, Equatable {
        public var obfuscation: String
        public var unsafe: Int
        public var flagged: Int
        public var recall: Double { unsafe > 0 ? Double(flagged) / Double(unsafe) : 0 }
    }

    /// The whole report.
    public struct Report: Codable, Sendable, Equatable {
        public var prompts: Int
        public var unsafe: Int
        public var benign: Int
        public var categories: [CategoryFigures]
        /// Unsafe prompts with any category flagged / unsafe prompts.
        public var anyRecall: Double
        /// Benign prompts with any category flagged / benign prompts.
        public var anyFalsePositiveRate: Double
        /// Unsafe prompts the policy blocked or held / unsafe prompts.
        public var policyRefusalRecall: Double
        /// Benign prompts the policy blocked or held / benign prompts.
        public var policyBenignRefusalRate: Double
        public var obfuscations: [ObfuscationFigures]
    }

    public let moderator: PromptModerator
    public var batchSize: Int

    public init(moderator: PromptModerator, batchSize: Int = 16) {
        self.moderator = moderator
        self.batchSize = batchSize
    }

    /// Moderates every prompt in batches, in order.
    public func moderate(_ prompts: [String]) throws -> [PromptModeration] {
        var out: [PromptModeration] = []
        out.reserveCapacity(prompts.count)
        var start = 0
        while start < prompts.count {
            let end = min(prompts.count, start + batchSize)
            out += try moderator.moderate(Array(prompts[start..<end]), context: .commandLine(route: "eval"))
            start = end
        }
        return out
    }

    /// Evaluates labelled prompts; with `obfuscations`, also each disguise of the unsafe ones.
    /// Returns the report and the per-prompt moderations (same order as `prompts`).
    public func run(_ prompts: [LabelledPrompt], obfuscations: [Obfuscation] = []) throws
        -> (report: Report, moderations: [PromptModeration]) {
        let moderations = try moderate(prompts.map(\.text))
        let categories = moderator.screen.classifier.categories
        var figures = categories.map { CategoryFigures(category: $0, positives: 0, truePositives: 0, flagged: 0,
                                                       benignFlagged: 0, benign: 0) }
        var unsafe = 0, benign = 0, anyTP = 0, anyFP = 0, refusedUnsafe = 0, refusedBenign = 0
        for (prompt, moderation) in zip(prompts, moderations) {
            guard let labels = prompt.labels else { continue }
            let flagged = Set(moderation.screening.flaggedCategories)
            if labels.isEmpty {
                benign += 1
                if !flagged.isEmpty { anyFP += 1 }
                if moderation.refused { refusedBenign += 1 }
            } else {
                unsafe += 1
                if !flagged.isEmpty { anyTP += 1 }
                if moderation.refused { refusedUnsafe += 1 }
            }
            for i in figures.indices {
                let c = figures[i].category
                let isFlagged = flagged.contains(c)
                if labels.contains(c) { figures[i].positives += 1; if isFlagged { figures[i].truePositives += 1 } }
                if isFlagged { figures[i].flagged += 1 }
                if labels.isEmpty { figures[i].benign += 1; if isFlagged { figures[i].benignFlagged += 1 } }
            }
        }
        let unsafePrompts = prompts.filter { !($0.labels?.isEmpty ?? true) }.map(\.text)
        var obfuscationFigures: [ObfuscationFigures] = []
        if !obfuscations.isEmpty && !unsafePrompts.isEmpty {
            let plain = moderations.enumerated().filter { !(prompts[$0.offset].labels?.isEmpty ?? true) }
            obfuscationFigures.append(ObfuscationFigures(obfuscation: "none", unsafe: plain.count,
                                                         flagged: plain.filter { !$0.element.screening.flaggedCategories.isEmpty }.count))
            for kind in obfuscations {
                let disguised = unsafePrompts.map { PromptObfuscator.obfuscate($0, with: kind) }
                let results = try moderate(disguised)
                obfuscationFigures.append(ObfuscationFigures(obfuscation: kind.rawValue, unsafe: results.count,
                                                             flagged: results.filter { !$0.screening.flaggedCategories.isEmpty }.count))
            }
        }
        func ratio(_ a: Int, _ b: Int) -> Double { b > 0 ? Double(a) / Double(b) : 0 }
        let report = Report(prompts: prompts.count, unsafe: unsafe, benign: benign, categories: figures,
                            anyRecall: ratio(anyTP, unsafe), anyFalsePositiveRate: ratio(anyFP, benign),
                            policyRefusalRecall: ratio(refusedUnsafe, unsafe),
                            policyBenignRefusalRate: ratio(refusedBenign, benign),
                            obfuscations: obfuscationFigures)
        return (report, moderations)
    }
}

extension PromptEvaluation.Report {
    /// A plain-text table.
    public var table: String {
        func pct(_ x: Double?) -> String { x.map { String(format: "%6.1f%%", $0 * 100) } ?? "      -" }
        var lines = ["\(prompts) prompts: \(unsafe) unsafe, \(benign) benign",
                     "category                  positives  recall  precision  benign FPR"]
        for c in categories {
            lines.append(c.category.padding(toLength: 26, withPad: " ", startingAt: 0)
                         + String(format: "%9d", c.positives) + " " + pct(c.recall) + "    " + pct(c.precision)
                         + "     " + pct(c.falsePositiveRate))
        }
        lines.append("any category: recall \(pct(anyRecall)), benign FPR \(pct(anyFalsePositiveRate))")
        lines.append("policy (block or review): unsafe refused \(pct(policyRefusalRecall)), benign refused \(pct(policyBenignRefusalRate))")
        if let base = obfuscations.first {
            lines.append("obfuscation          unsafe  recall   change (points)")
            for o in obfuscations {
                lines.append(o.obfuscation.padding(toLength: 20, withPad: " ", startingAt: 0)
                             + String(format: "%7d ", o.unsafe) + pct(o.recall)
                             + String(format: "   %+6.1f", (o.recall - base.recall) * 100))
            }
        }
        return lines.joined(separator: "\n")
    }
}
