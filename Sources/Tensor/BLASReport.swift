import Foundation

/// The `warden bench blas` report: the measured peak and each sgemm shape as a share of it.
public struct BLASReport: Sendable {
    public var coreName: String
    public var threads: Int
    public var instructionSet: String
    public var peakGFLOPS: Double
    public var results: [SgemmBenchmark.Result]

    /// Measures the FMA peak, then every standard shape, in one run.
    public static func measure(secondsPerShape: Double) -> BLASReport {
        let peak = PeakProbe().measureGFLOPS()
        let bench = SgemmBenchmark(minimumSeconds: secondsPerShape)
        let results = SgemmBenchmark.standardShapes.map { bench.run($0) }
        return BLASReport(coreName: OpenBLASRuntime.coreName, threads: OpenBLASRuntime.threadCount,
                          instructionSet: PeakProbe.instructionSet, peakGFLOPS: peak, results: results)
    }

    /// Share of the measured peak, 0...1.
    public func share(_ result: SgemmBenchmark.Result) -> Double { result.gflops / peakGFLOPS }

    /// A plain-text table.
    public var table: String {
        var lines = [
            "OpenBLAS core \(coreName), \(threads) threads; FMA probe (\(instructionSet)) peak \(String(format: "%.1f", peakGFLOPS)) GFLOP/s",
            "shape                                          GFLOP/s   ms/call   share of peak",
        ]
        for r in results {
            let name = r.shape.description.padding(toLength: 46, withPad: " ", startingAt: 0)
            lines.append(String(format: "%@ %8.1f %9.3f %12.1f%%", name, r.gflops, r.secondsPerCall * 1e3,
                                share(r) * 100))
        }
        return lines.joined(separator: "\n")
    }
}
