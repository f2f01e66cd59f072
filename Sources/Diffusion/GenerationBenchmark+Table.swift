import Foundation

extension GenerationBenchmark.Report {
    /// A plain-text table of the report, with the targets beside the figures.
    public var table: String {
        let reference = try? torch.get()
        let baseRate = Double(baseFLOPs.total) / 1e9 / baseUNetSeconds
        let upRate = Double(upsamplerFLOPs.total) / 1e9 / upsamplerUNetSeconds
        let baseLayersRate = Double(baseFLOPs.layers) / 1e9 / baseUNetSeconds
        let upLayersRate = Double(upsamplerFLOPs.layers) / 1e9 / upsamplerUNetSeconds
        func ratio(_ torchValue: Double?, _ ours: Double) -> String {
            torchValue.map { String(format: "%.2fx", $0 / ours) } ?? "-"
        }
        func seconds(_ value: Double?) -> String { value.map { String(format: "%.3f s", $0) } ?? "-" }
        func pad(_ s: String, _ n: Int) -> String { s.padding(toLength: n, withPad: " ", startingAt: 0) }
        var lines = [
            "Generator cascade (reduced CPU-trained weights, fp32 compute); OpenBLAS core \(coreName), \(threads) threads",
            String(format: "FP32 peak %.1f GFLOP/s (FMA probe), sgemm 1024^3 %.1f GFLOP/s (%.0f%% of peak)",
                   peakGFLOPS, sgemmGFLOPS, 100 * sgemmGFLOPS / peakGFLOPS),
            "case                                         warden      pytorch     speed-up",
        ]
        lines.append(pad("64x64 image, \(steps) steps DPM++2M, CFG \(guidance)", 45) + pad(seconds(image64Seconds), 12)
                     + pad(seconds(reference?.image64_seconds), 12) + ratio(reference?.image64_seconds, image64Seconds))
        lines.append(pad("256x256 image (base + upsampler \(upsamplerSteps) steps)", 45) + pad(seconds(image256Seconds), 12)
                     + pad(seconds(reference?.image256_seconds), 12) + ratio(reference?.image256_seconds, image256Seconds))
        lines.append(pad("base UNet, batch 2 (CFG pair) at 64x64", 45)
                     + pad(String(format: "%.2f ms", baseUNetSeconds * 1e3), 12)
                     + pad(reference.map { String(format: "%.2f ms", $0.base_unet_batch2_ms) } ?? "-", 12)
                     + ratio(reference.map { $0.base_unet_batch2_ms / 1e3 }, baseUNetSeconds))
        lines.append(pad("upsampler UNet, batch 1 at 256x256", 45)
                     + pad(String(format: "%.2f ms", upsamplerUNetSeconds * 1e3), 12)
                     + pad(reference.map { String(format: "%.2f ms", $0.upsampler_unet_batch1_ms) } ?? "-", 12)
                     + ratio(reference.map { $0.upsampler_unet_batch1_ms / 1e3 }, upsamplerUNetSeconds))
        lines.append(String(format: "UNet GFLOP/s: base %.1f (%.1f%% of FMA peak, %.1f%% of sgemm 1024^3), "
                            + "upsampler %.1f (%.1f%%, %.1f%%); GFLOP per evaluation %.3f (CFG pair) and %.3f, "
                            + "attention products included",
                            baseRate, 100 * baseRate / peakGFLOPS, 100 * baseRate / sgemmGFLOPS,
                            upRate, 100 * upRate / peakGFLOPS, 100 * upRate / sgemmGFLOPS,
                            Double(baseFLOPs.total) / 1e9, Double(upsamplerFLOPs.total) / 1e9))
        lines.append(String(format: "  convolutions and linear layers only (config.json's torch count, attention "
                            + "products not seen): base %.1f GFLOP/s (%.1f%%), upsampler %.1f (%.1f%%)",
                            baseLayersRate, 100 * baseLayersRate / peakGFLOPS, upLayersRate, 100 * upLayersRate / peakGFLOPS))
        switch torch {
        case let .success(r): lines.append("pytorch \(r.torch), \(r.threads) threads, same weights as fp32 (Models/generator-base/bench_torch.py)")
        case let .failure(why): lines.append("pytorch column skipped: \(why)")
        }
        lines.append(String(format: "targets (issue 8): 256x256 <= 2 s (measured %.2f s); >= 1.5x PyTorch; UNet >= 50%% of peak",
                            image256Seconds))
        return lines.joined(separator: "\n")
    }
}
