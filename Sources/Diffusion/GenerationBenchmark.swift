import Dispatch
import Foundation
import Tensor

/// `warden bench generate`: seconds per 64x64 image (base, CFG) and per 256x256 (base +
/// upsampler), the UNets' GFLOP/s as a share of the measured FP32 peak and of sgemm 1024³, and
/// the same weights in PyTorch on CPU as ratios — all measured in one run.
/// FLOPs per evaluation are counted from the architecture (`UNetConfiguration.flops`): the
/// convolutions and linear layers config.json's `gflop_per_eval_batch1` holds, plus the attention
/// products torch's flop counter misses, at the benchmark's sizes and token counts.
public struct GenerationBenchmark: Sendable {
    public struct Report: Sendable {
        public var coreName: String
        public var threads: Int
        public var peakGFLOPS: Double
        public var sgemmGFLOPS: Double
        public var steps: Int
        public var upsamplerSteps: Int
        public var guidance: Float
        public var image64Seconds: Double
        public var image256Seconds: Double
        public var baseUNetSeconds: Double       // one evaluation at batch 2 (the CFG pair), 64x64
        public var upsamplerUNetSeconds: Double  // one evaluation at batch 1, 256x256
        public var baseFLOPs: UNetFLOPCount      // one evaluation of the CFG pair (both samples)
        public var upsamplerFLOPs: UNetFLOPCount // one evaluation at batch 1
        public var torch: Result<TorchGeneratorBenchmark.Result, TorchGeneratorBenchmark.Unavailable>
    }

    public var pipeline: DiffusionPipeline
    public var prompt: TextConditioning
    public var negative: TextConditioning
    public var steps = 25
    public var guidance: Float = 3
    public var upsamplerSteps: Int
    /// Timed repeats of each whole-image case; the median is reported.
    public var repeats = 3

    public init(pipeline: DiffusionPipeline, prompt: TextConditioning, negative: TextConditioning,
                upsamplerSteps: Int? = nil, repeats: Int = 3) {
        self.pipeline = pipeline
        self.prompt = prompt
        self.negative = negative
        self.upsamplerSteps = upsamplerSteps ?? pipeline.upsampler.configuration.defaultSteps
        self.repeats = max(1, repeats)
    }

    public func run(torch: TorchGeneratorBenchmark?) throws(DiffusionError) -> Report {
        let peak = PeakProbe().measureGFLOPS()
        let sgemm = SgemmBenchmark(minimumSeconds: 0.5).run(SgemmBenchmark.standardShapes[0]).gflops
        var config = GenerationConfiguration(prompt: prompt, negative: negative, seed: 1, steps: steps,
                                             guidance: guidance, sampler: .dpmSolver2M, size: 64,
                                             upsamplerSteps: upsamplerSteps)
        let image64 = try median { () throws(DiffusionError) in _ = try pipeline.generate(config) { _ in true } }
        config.size = 256
        let image256 = try median { () throws(DiffusionError) in _ = try pipeline.generate(config) { _ in true } }
        let base = unetSeconds(pipeline.base, size: 64, texts: [negative, prompt], augmentation: nil)
        let up = unetSeconds(pipeline.upsampler, size: 256, texts: [prompt], augmentation: 0.1)
        let baseConfiguration = pipeline.base.configuration
        let negativeFLOPs = baseConfiguration.flops(size: 64, tokens: negative.tokenStates.shape[0])
        let promptFLOPs = baseConfiguration.flops(size: 64, tokens: prompt.tokenStates.shape[0])
        let baseFLOPs = UNetFLOPCount(layers: negativeFLOPs.layers + promptFLOPs.layers,
                                      attention: negativeFLOPs.attention + promptFLOPs.attention)
        let upsamplerFLOPs = pipeline.upsampler.configuration.flops(size: 256, tokens: prompt.tokenStates.shape[0])
        let reference = torch?.run() ?? .failure(.skipped(option: "--no-torch"))
        return Report(coreName: OpenBLASRuntime.coreName, threads: OpenBLASRuntime.threadCount, peakGFLOPS: peak,
                      sgemmGFLOPS: sgemm, steps: steps, upsamplerSteps: upsamplerSteps, guidance: guidance,
                      image64Seconds: image64, image256Seconds: image256, baseUNetSeconds: base,
                      upsamplerUNetSeconds: up, baseFLOPs: baseFLOPs, upsamplerFLOPs: upsamplerFLOPs, torch: reference)
    }

    private func median(_ body: () throws(DiffusionError) -> Void) throws(DiffusionError) -> Double {
        var times: [Double] = []
        for _ in 0..<repeats {
            let start = DispatchTime.now().uptimeNanoseconds
            try body()
            times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        return times.sorted()[times.count / 2]
    }

    /// Median seconds of one forward (after a warm-up that sizes the arena), over >= 1 s.
    private func unetSeconds(_ unet: UNet, size: Int, texts: [TextConditioning], augmentation: Float?) -> Double {
        let batch = texts.count
        let context = unet.prepare(texts)
        let arena = ActivationArena()
        var noise = GaussianNoise(seed: 3)
        let input = noise.samples(batch * unet.configuration.inputChannels * size * size)
        var output = [Float](repeating: 0, count: batch * unet.configuration.outputChannels * size * size)
        var times: [Double] = []
        var total = 0.0
        input.withUnsafeBufferPointer { i in
            output.withUnsafeMutableBufferPointer { o in
                for round in 0..<1000 where round < 3 || total < 1.0 {
                    let start = DispatchTime.now().uptimeNanoseconds
                    unet.forward(i.baseAddress!, height: size, width: size, t: 0.5, augmentation: augmentation,
                                 context: context, arena: arena, output: o.baseAddress!)
                    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
                    if round > 0 { times.append(seconds); total += seconds }
                }
            }
        }
        return times.sorted()[times.count / 2]
    }
}
