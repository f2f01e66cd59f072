import Foundation
import Tensor

/// The `warden bench text-encoder` report: Warden's MiniLM at batch 1 (16 and 64 tokens) and
/// batch 32, GFLOP/s as a share of the FP32 peak, and PyTorch on CPU as a ratio, all measured
/// in one run.
public struct TextEncoderBenchReport: Sendable {
    public var coreName: String
    public var threads: Int
    public var peakGFLOPS: Double
    public var batch1Tokens16: TextEncoderBenchmark.Measurement
    public var batch1Tokens64: TextEncoderBenchmark.Measurement
    public var batch32Tokens16: TextEncoderBenchmark.Measurement
    public var torch: Result<TorchReferenceBenchmark.Result, TorchReferenceBenchmark.Unavailable>

    /// Measures everything: the peak probe, the three Warden shapes, then PyTorch.
    public static func measure(model: MiniLMModel, minimumSeconds: Double,
                               torch: TorchReferenceBenchmark?) throws -> TextEncoderBenchReport {
        let peak = PeakProbe().measureGFLOPS()
        let bench = TextEncoderBenchmark(model: model, minimumSeconds: minimumSeconds)
        let b16 = try bench.measure(tokens: 16, batch: 1)
        let b64 = try bench.measure(tokens: 64, batch: 1)
        let b32 = try bench.measure(tokens: 16, batch: 32)
        let reference = torch?.run() ?? .failure(.skipped(option: "--no-torch"))
        return TextEncoderBenchReport(coreName: OpenBLASRuntime.coreName, threads: OpenBLASRuntime.threadCount,
                                      peakGFLOPS: peak, batch1Tokens16: b16, batch1Tokens64: b64,
                                      batch32Tokens16: b32, torch: reference)
    }

    /// A plain-text table.
    public var table: String {
        var lines = [
            "MiniLM-L6 text encoder (all-MiniLM-L6-v2, fp32); OpenBLAS core \(coreName), \(threads) threads; "
                + String(format: "FP32 peak %.1f GFLOP/s (FMA probe)", peakGFLOPS),
            "figures are medians of repeated calls (best in brackets); tokens include [CLS] and [SEP]",
            "case                       warden                      GFLOP/s  share of peak   pytorch          speed-up",
        ]
        let reference = try? torch.get()
        func row(_ name: String, _ m: TextEncoderBenchmark.Measurement, warden: String, torch: Double?, torchText: String,
                 speedUp: Double?) -> String {
            let name = name.padding(toLength: 26, withPad: " ", startingAt: 0)
            let w = warden.padding(toLength: 27, withPad: " ", startingAt: 0)
            let t = (torch == nil ? "-" : torchText).padding(toLength: 16, withPad: " ", startingAt: 0)
            return String(format: "%@ %@ %7.1f %12.1f%%   %@ %@", name, w, m.gflops, 100 * m.gflops / peakGFLOPS, t,
                          speedUp.map { String(format: "%.2fx", $0) } ?? "-")
        }
        let b16 = batch1Tokens16, b64 = batch1Tokens64, b32 = batch32Tokens16
        lines.append(row("batch 1, 16 tokens", b16,
                         warden: String(format: "%.3f ms (%.3f)", b16.millisecondsPerPrompt, b16.bestSecondsPerCall * 1e3),
                         torch: reference?.batch1_16_tokens_ms,
                         torchText: String(format: "%.3f ms", reference?.batch1_16_tokens_ms ?? 0),
                         speedUp: reference.map { $0.batch1_16_tokens_ms / b16.millisecondsPerPrompt }))
        lines.append(row("batch 1, 64 tokens", b64,
                         warden: String(format: "%.3f ms (%.3f)", b64.millisecondsPerPrompt, b64.bestSecondsPerCall * 1e3),
                         torch: reference?.batch1_64_tokens_ms,
                         torchText: String(format: "%.3f ms", reference?.batch1_64_tokens_ms ?? 0),
                         speedUp: reference.map { $0.batch1_64_tokens_ms / b64.millisecondsPerPrompt }))
        lines.append(row("batch 32, 16 tokens", b32,
                         warden: String(format: "%.1f prompts/s (%.1f)", b32.promptsPerSecond, 32 / b32.bestSecondsPerCall),
                         torch: reference?.batch32_16_tokens_prompts_per_s,
                         torchText: String(format: "%.1f prompts/s", reference?.batch32_16_tokens_prompts_per_s ?? 0),
                         speedUp: reference.map { b32.promptsPerSecond / $0.batch32_16_tokens_prompts_per_s }))
        lines.append(String(format: "process CPU time per call (all threads): %.3f ms, %.3f ms, %.3f ms per batch of 32",
                            b16.cpuSecondsPerCall * 1e3, b64.cpuSecondsPerCall * 1e3, b32.cpuSecondsPerCall * 1e3))
        switch torch {
        case let .success(r): lines.append("pytorch \(r.torch), \(r.threads) threads (Models/text-encoder/bench_torch.py)")
        case let .failure(why): lines.append("pytorch column skipped: \(why)")
        }
        lines.append(String(format: "targets: >= 2x PyTorch at batch 1; <= 3 ms for a 16-token prompt (measured %.3f ms)",
                            b16.millisecondsPerPrompt))
        return lines.joined(separator: "\n")
    }
}
