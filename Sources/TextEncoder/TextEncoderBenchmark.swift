import Dispatch
#if canImport(Glibc)
import Glibc
#endif
import Tensor

/// Times the MiniLM forward pass on the shapes Warden runs: one prompt of 16 and of 64 tokens
/// (latency), and 32 prompts at once (throughput), with GFLOP/s as a share of the FP32 peak
/// measured by `PeakProbe` in the same run.
public struct TextEncoderBenchmark: Sendable {
    /// One measured shape.
    public struct Measurement: Sendable {
        public var tokens: Int
        public var batch: Int
        /// Median wall time of one `encode` call over the whole batch (the headline figure).
        public var secondsPerCall: Double
        /// Best (minimum) wall time of one call.
        public var bestSecondsPerCall: Double
        /// Process CPU time (all threads) per call, averaged over the timed calls. On a shared
        /// machine this stays close to what one quiet core would take when OpenBLAS runs 1 thread.
        public var cpuSecondsPerCall: Double
        /// Matrix-product FLOPs of one call.
        public var flops: Double
        public var millisecondsPerPrompt: Double { secondsPerCall * 1e3 / Double(batch) }
        public var promptsPerSecond: Double { Double(batch) / secondsPerCall }
        public var gflops: Double { flops / secondsPerCall / 1e9 }
    }

    public let model: MiniLMModel
    /// Time spent per shape (at least 5 calls); the median call time is reported, and the best.
    public var minimumSeconds: Double

    public init(model: MiniLMModel, minimumSeconds: Double = 1.0) {
        self.model = model
        self.minimumSeconds = minimumSeconds
    }

    /// A sequence of exactly `tokens` ids: [CLS], ordinary word-piece ids, [SEP]. The forward
    /// pass costs the same for any ids, so the benchmark needs no tokenizer.
    public static func syntheticIDs(tokens: Int, seed: Int = 0) -> [Int32] {
        precondition(tokens >= 2, "syntheticIDs: need at least [CLS] and [SEP], got \(tokens) tokens")
        let words = (0..<(tokens - 2)).map { Int32(2000 + (($0 * 7919 + seed * 104_729) % 20_000)) }
        return [101] + words + [102]
    }

    /// Encodes `batch` prompts of `tokens` tokens repeatedly: one warm-up call, then calls until
    /// `minimumSeconds` have passed.
    public func measure(tokens: Int, batch: Int) throws -> Measurement {
        let sequences = (0..<batch).map { TextEncoderBenchmark.syntheticIDs(tokens: tokens, seed: $0) }
        _ = try model.encode(tokenIDs: sequences)
        var samples: [Double] = []
        let cpuStart = TextEncoderBenchmark.processCPUSeconds()
        var spent = 0.0
        while spent < minimumSeconds || samples.count < 5 {
            let start = DispatchTime.now().uptimeNanoseconds
            _ = try model.encode(tokenIDs: sequences)
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            samples.append(seconds)
            spent += seconds
        }
        let cpu = (TextEncoderBenchmark.processCPUSeconds() - cpuStart) / Double(samples.count)
        samples.sort()
        let median = samples.count % 2 == 1 ? samples[samples.count / 2]
            : (samples[samples.count / 2 - 1] + samples[samples.count / 2]) / 2
        return Measurement(tokens: tokens, batch: batch, secondsPerCall: median, bestSecondsPerCall: samples[0],
                           cpuSecondsPerCall: cpu,
                           flops: model.configuration.flops(tokens: tokens) * Double(batch))
    }

    /// CPU time this process has used, all threads.
    static func processCPUSeconds() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }
}
