import CPUPeak
import Dispatch

/// Measures the machine's FP32 peak: every thread runs independent fused multiply-adds with the
/// widest vector unit the CPU has, side by side, and the total rate is the ceiling that sgemm and
/// the models are reported against.
public struct PeakProbe: Sendable {
    /// Threads to run the probe on (the same count OpenBLAS uses).
    public var threads: Int
    /// FMA rounds per thread; each round is 12 vector FMAs.
    public var iterations: UInt64

    public init(threads: Int = OpenBLASRuntime.threadCount, iterations: UInt64 = 40_000_000) {
        self.threads = max(1, threads)
        self.iterations = iterations
    }

    /// The instruction set the probe uses on this CPU.
    public static var instructionSet: String { String(cString: warden_fma_peak_isa()) }

    /// Runs the probe `repeats` times and returns the best rate in GFLOP/s.
    public func measureGFLOPS(repeats: Int = 3) -> Double {
        var best = 0.0
        for _ in 0..<max(1, repeats) {
            let start = DispatchTime.now().uptimeNanoseconds
            let iterations = self.iterations
            DispatchQueue.concurrentPerform(iterations: threads) { _ in
                var sink: Float = 0
                _ = warden_fma_peak_run(iterations, &sink)
            }
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            let flops = Double(iterations) * 12 * Double(Self.lanes) * 2 * Double(threads)
            best = max(best, flops / seconds / 1e9)
        }
        return best
    }

    /// How many times one thread's FMA rate the probe's threads reach together, best of
    /// `repeats`: `threads` (2.00 on two cores) when every thread has a physical core to itself,
    /// less when the host runs this machine's virtual CPUs on shared cores (seen here: 1.2x for
    /// stretches of minutes). Benchmarks print it, since every multi-thread figure of theirs
    /// drops with it.
    public func measureScaling(repeats: Int = 3) -> Double {
        var probe = self
        probe.iterations = min(iterations, 10_000_000)
        var single = probe
        single.threads = 1
        let one = single.measureGFLOPS(repeats: repeats)
        let all = probe.measureGFLOPS(repeats: repeats)
        return one > 0 ? all / one : .nan
    }

    /// FP32 lanes per vector of the probe's instruction set.
    static var lanes: Int {
        switch instructionSet {
        case "avx512f": return 16
        case "avx2+fma": return 8
        default: return 4
        }
    }
}
