import Foundation
import Imaging
import Tensor

/// The `warden bench image-screening` report: one row per image model (ms per image, median and
/// best of calls timed one by one) with its reference runtime beside it where there is one, all
/// measured in one run. The nudity row is made here; other models (the concept image encoder)
/// append their own ``Row`` measured with ``time(minimumSeconds:minimumCalls:_:)``.
public struct ImageScreeningBenchReport: Sendable {
    /// Median and best wall time of repeated calls.
    public struct Timing: Sendable {
        public var medianMs: Double
        public var bestMs: Double
        public var calls: Int
        public init(medianMs: Double, bestMs: Double, calls: Int) {
            self.medianMs = medianMs; self.bestMs = bestMs; self.calls = calls
        }
        /// Median and best of wall times in ms (at least one).
        public init(samples: [Double]) {
            let sorted = samples.sorted()
            self.init(medianMs: sorted.isEmpty ? .nan : sorted[sorted.count / 2], bestMs: sorted.first ?? .nan,
                      calls: sorted.count)
        }
    }

    /// A reference runtime's figures for the same model on the same image.
    public struct Reference: Sendable {
        public var runtime: String          // "onnxruntime 1.32.0, 2 threads"
        public var endToEnd: Timing         // from decoded pixels to the score
        public var model: Timing?           // the network alone
        public var score: Double?           // the reference's output, to show both sides scored alike
        public init(runtime: String, endToEnd: Timing, model: Timing?, score: Double?) {
            self.runtime = runtime; self.endToEnd = endToEnd; self.model = model; self.score = score
        }
    }

    /// One model.
    public struct Row: Sendable {
        public var model: String
        /// From the decoded `RGBAImage` to the score (preprocessing included).
        public var endToEnd: Timing
        /// The network alone, on an already preprocessed input, where measured.
        public var network: Timing?
        /// Multiply-accumulates of one forward pass, for GFLOP/s (2 FLOP per MAC).
        public var macs: Double?
        public var score: Double?
        /// The reference runtime, or why its column is empty.
        public var reference: Result<Reference, ReferenceUnavailable>

        public init(model: String, endToEnd: Timing, network: Timing?, macs: Double?, score: Double?,
                    reference: Result<Reference, ReferenceUnavailable>) {
            self.model = model; self.endToEnd = endToEnd; self.network = network
            self.macs = macs; self.score = score; self.reference = reference
        }
    }

    /// Why a row has no reference figures.
    public struct ReferenceUnavailable: Error, Sendable, CustomStringConvertible {
        public var description: String
        public init(_ description: String) { self.description = description }
    }

    public var image: String
    public var threads: Int
    public var coreName: String
    public var rows: [Row]
    /// `PeakProbe.measureScaling()` just before and just after the nudity row, where taken.
    public var hostScaling: (before: Double, after: Double)?

    public init(image: String, threads: Int, coreName: String, rows: [Row],
                hostScaling: (before: Double, after: Double)? = nil) {
        self.image = image; self.threads = threads; self.coreName = coreName; self.rows = rows
        self.hostScaling = hostScaling
    }

    /// Calls `body` at least `minimumCalls` times and for at least `minimumSeconds` (after 3
    /// untimed warm-up calls), each call timed alone.
    public static func time<E: Error>(minimumSeconds: Double, minimumCalls: Int = 10,
                                      _ body: () throws(E) -> Void) throws(E) -> Timing {
        Timing(samples: try samples(minimumSeconds: minimumSeconds, minimumCalls: minimumCalls, body))
    }

    /// The wall times in ms of the calls ``time(minimumSeconds:minimumCalls:_:)`` makes.
    public static func samples<E: Error>(minimumSeconds: Double, minimumCalls: Int = 10,
                                         _ body: () throws(E) -> Void) throws(E) -> [Double] {
        for _ in 0..<3 { try body() }
        var samples: [Double] = []
        let clock = ContinuousClock()
        let start = clock.now
        while samples.count < minimumCalls || (clock.now - start) < .milliseconds(Int(minimumSeconds * 1000)) {
            let t0 = clock.now
            try body()
            let elapsed = clock.now - t0
            samples.append(Double(elapsed.components.seconds) * 1e3 + Double(elapsed.components.attoseconds) * 1e-15)
        }
        return samples
    }

    /// The nudity row: Warden's `NudityClassifier.score` (end to end, and the network alone) on
    /// `image`, and `onnxruntime` on the same PNG, alternating in `rounds` rounds so that load
    /// from other processes falls on both sides alike. Warden's figures are the median and best
    /// of all its calls; onnxruntime's the median of its round medians and the best of its bests.
    public static func measureNudity(classifier: NudityClassifier, image: RGBAImage, minimumSeconds: Double,
                                     rounds: Int = 3, onnxruntime: OnnxRuntimeReferenceBenchmark?)
        throws(ScreeningError) -> Row {
        let score = try classifier.score(image)
        let workspace = classifier.network.makeWorkspace()
        do {
            try classifier.preprocessor.write(image, into: workspace.input)
        } catch {
            throw .invalidInput(reason: "benchmark image: \(error)")
        }
        let perRound = minimumSeconds / Double(max(rounds, 1))
        var endToEnd: [Double] = [], network: [Double] = []
        var references: [OnnxRuntimeReferenceBenchmark.Result] = []
        var unavailable: OnnxRuntimeReferenceBenchmark.Unavailable? = onnxruntime == nil ? .skipped(option: "--no-onnxruntime") : nil
        for _ in 0..<max(rounds, 1) {
            endToEnd += try samples(minimumSeconds: perRound) { () throws(ScreeningError) in _ = try classifier.score(image) }
            network += samples(minimumSeconds: perRound) { _ = classifier.network.logits(workspace) }
            if let onnxruntime, unavailable == nil {
                switch onnxruntime.run() {
                case let .success(result): references.append(result)
                case let .failure(why): unavailable = why
                }
            }
        }
        let reference: Result<Reference, ReferenceUnavailable>
        if let unavailable {
            reference = .failure(ReferenceUnavailable("onnxruntime column skipped: \(unavailable)"))
        } else {
            func medianOf(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }
            let calls = references.count * (onnxruntime?.repeats ?? 0)
            let first = references[0]
            reference = .success(Reference(
                runtime: "onnxruntime \(first.onnxruntime), \(first.threads) threads (Models/nudity/bench_onnx.py, "
                    + "\(references.count) rounds)",
                endToEnd: Timing(medianMs: medianOf(references.map(\.endToEndMs)),
                                 bestMs: references.map(\.endToEndBestMs).min() ?? .nan, calls: calls),
                model: Timing(medianMs: medianOf(references.map(\.modelMs)),
                              bestMs: references.map(\.modelBestMs).min() ?? .nan, calls: calls),
                score: first.nsfw))
        }
        return Row(model: "nudity (open_nsfw)", endToEnd: Timing(samples: endToEnd), network: Timing(samples: network),
                   macs: classifier.network.multiplyAccumulates, score: score, reference: reference)
    }

    /// A plain-text table.
    public var table: String {
        func ms(_ t: Timing?) -> String {
            guard let t else { return "-" }
            return String(format: "%.2f ms (%.2f)", t.medianMs, t.bestMs)
        }
        func pad(_ s: String, _ n: Int) -> String { s.padding(toLength: max(n, s.count), withPad: " ", startingAt: 0) }
        var lines = [
            "image screening, one image at a time: \(image); OpenBLAS core \(coreName), \(threads) threads",
            "figures are medians of calls timed one by one (best in brackets); end to end = decoded pixels -> score",
            pad("model", 20) + pad("warden end to end", 22) + pad("warden network", 22) + pad("GFLOP/s", 9)
                + pad("reference end to end", 22) + pad("reference network", 22) + "warden speed-up",
        ]
        var notes: [String] = []
        for row in rows {
            let gflops = row.macs.flatMap { macs in row.network.map { String(format: "%.1f", 2 * macs / ($0.medianMs * 1e6)) } } ?? "-"
            let reference = try? row.reference.get()
            let speedUp = reference.map { String(format: "%.2fx", $0.endToEnd.medianMs / row.endToEnd.medianMs) } ?? "-"
            lines.append(pad(row.model, 20) + pad(ms(row.endToEnd), 22) + pad(ms(row.network), 22) + pad(gflops, 9)
                         + pad(ms(reference?.endToEnd), 22) + pad(ms(reference?.model), 22) + speedUp)
            switch row.reference {
            case let .success(r):
                notes.append("\(row.model): reference \(r.runtime)"
                             + (r.score.map { s in row.score.map { String(format: "; scores: warden %.6f, reference %.6f", $0, s) } ?? "" } ?? ""))
            case let .failure(why):
                notes.append("\(row.model): \(why)")
            }
        }
        lines += notes
        if let hostScaling, threads > 1 {
            lines.append(String(format: "host check: %d threads of an FMA loop ran at %.2fx one thread's rate before the nudity row, "
                                + "%.2fx after it (%d.00x = a core each; lower means the host shared cores, which slows "
                                + "every %d-thread figure above)", threads, hostScaling.before, hostScaling.after,
                                threads, threads))
        }
        lines.append("target: warden end to end <= reference end to end (speed-up >= 1.00x)")
        return lines.joined(separator: "\n")
    }
}
