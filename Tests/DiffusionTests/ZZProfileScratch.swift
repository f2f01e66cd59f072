import Foundation
import Testing
import Tensor
import CUNetKernels
@testable import Diffusion

@Suite("ZZ profile scratch")
struct ZZProfileScratch {
    @Test func convShapes() throws {
        guard ProcessInfo.processInfo.environment["UNET_PROFILE"] != nil else { return }
        for (c, o, n, h) in [(32, 16, 2, 64), (16, 16, 2, 64), (8, 8, 1, 256), (16, 8, 1, 256), (64, 64, 1, 32), (128, 64, 2, 8), (96, 48, 2, 16)] {
            var noise = GaussianNoise(seed: 1)
            var x = noise.samples(c * n * h * h)
            let w = noise.samples(o * c * 9)
            let packed = DirectConvolution.pack(w, outChannels: o, inChannels: c)
            var padded = [Float](repeating: 0, count: PaddedFeatureMap.count(channels: c, batch: n, height: h, width: h))
            var out = [Float](repeating: 0, count: o * n * h * h)
            for threads in [1, 2] {
                var best = 1e9
                x.withUnsafeMutableBufferPointer { xp in padded.withUnsafeMutableBufferPointer { pp in packed.withUnsafeBufferPointer { wp in out.withUnsafeMutableBufferPointer { op in
                    let map = DirectConvolution.pad(FeatureMap(data: xp.baseAddress!, channels: c, batch: n, height: h, width: h), into: pp.baseAddress!)
                    for _ in 0..<20 {
                        let s = DispatchTime.now().uptimeNanoseconds
                        if threads == 1 {
                            warden_conv3x3_run(map.data, Int32(c), Int32(n), Int32(h), Int32(h), wp.baseAddress!, Int32(o), nil, 0, nil, op.baseAddress!, 0, Int32(n * h))
                        } else {
                            DirectConvolution.apply(map, packed: wp.baseAddress!, outChannels: o, bias: nil, residual: nil, output: op.baseAddress!)
                        }
                        best = min(best, Double(DispatchTime.now().uptimeNanoseconds - s) / 1e9)
                    }
                } } } }
                let flops = 18.0 * Double(c * o * n * h * h)
                print(String(format: "conv %3d->%3d x%d %3dx%3d threads %d: %7.3f ms %6.1f GFLOP/s", c, o, n, h, h, threads, best * 1e3, flops / best / 1e9))
            }
        }
    }

    @Test func sampleParallel() throws {
        guard ProcessInfo.processInfo.environment["UNET_PROFILE"] != nil else { return }
        let unet = try GoldenFixtures.base.get()
        let tokens = Tensor(shape: [5, 384], data: (0..<(5 * 384)).map { Float(($0 * 37) % 11) / 11 - 0.5 })
        let text = TextConditioning(tokenStates: tokens, pooled: [Float](repeating: 0.05, count: 384))
        let context = unet.prepare([text, text])
        let arena = ActivationArena()
        var noise = GaussianNoise(seed: 3)
        let input = noise.samples(2 * 7 * 64 * 64)
        var output = [Float](repeating: 0, count: 2 * 3 * 64 * 64)
        var a: [Double] = [], b: [Double] = []
        input.withUnsafeBufferPointer { i in output.withUnsafeMutableBufferPointer { o in
            for round in 0..<60 {
                let s = DispatchTime.now().uptimeNanoseconds
                if round % 2 == 0 {
                    unet.forward(i.baseAddress!, height: 64, width: 64, t: 0.5, augmentation: nil, context: context, arena: arena, output: o.baseAddress!)
                } else {
                    unet.forwardBatch(i.baseAddress!, height: 64, width: 64, t: 0.5, augmentation: nil, context: context, arena: arena, output: o.baseAddress!)
                }
                let ms = Double(DispatchTime.now().uptimeNanoseconds - s) / 1e6
                if round >= 4 { if round % 2 == 0 { a.append(ms) } else { b.append(ms) } }
            }
        } }
        print(String(format: "sample-parallel median %.2f ms, per-layer median %.2f ms", a.sorted()[a.count / 2], b.sorted()[b.count / 2]))
    }

    @Test func profile() throws {
        guard ProcessInfo.processInfo.environment["UNET_PROFILE"] != nil else { return }
        for (name, unet, size, batch) in [("base", try GoldenFixtures.base.get(), 64, 2), ("up", try GoldenFixtures.upsampler.get(), 256, 1)] {
            var times: [String: Double] = [:]
            func time<T>(_ key: String, _ body: () -> T) -> T {
                let s = DispatchTime.now().uptimeNanoseconds
                let r = body()
                times[key, default: 0] += Double(DispatchTime.now().uptimeNanoseconds - s) / 1e6
                return r
            }
            let tokens = Tensor(shape: [5, 384], data: (0..<(5 * 384)).map { Float(($0 * 37) % 11) / 11 - 0.5 })
            let text = TextConditioning(tokenStates: tokens, pooled: [Float](repeating: 0.05, count: 384))
            let context = unet.prepare(Array(repeating: text, count: batch))
            let arena = ActivationArena()
            let c = unet.configuration
            var noise = GaussianNoise(seed: 3)
            let input = noise.samples(batch * c.inputChannels * size * size)
            let rounds = 12
            for round in 0..<rounds {
                if round == 2 { times = [:] }
                let total = DispatchTime.now().uptimeNanoseconds
                input.withUnsafeBufferPointer { ip in
                    arena.reset()
                    let emb = unet.embedding(t: 0.5, augmentation: name == "up" ? 0.1 : nil, context: context)
                    let siluEmbedding = arena.take(emb.count)
                    siluEmbedding.update(from: emb, count: emb.count)
                    Tensor.silu(siluEmbedding, count: emb.count)
                    let x = arena.take(batch * c.inputChannels * size * size)
                    FeatureMapKernels.toChannelMajor(ip.baseAddress!, channels: c.inputChannels, batch: batch, pixels: size * size, output: x)
                    var h = time("conv_in") { unet.inputConvolution.apply(FeatureMap(data: x, channels: c.inputChannels, batch: batch, height: size, width: size), arena: arena) }
                    var skips = [h]
                    for level in unet.down {
                        for (block, ai) in zip(level.residual, level.attention) {
                            h = time("res \(h.height)") { block.forward(h, siluEmbedding: siluEmbedding, arena: arena) }
                            if let ai { h = time("attn \(h.height)") { unet.attention[ai].forward(h, keysValues: context.keysValues[ai], arena: arena) } }
                            skips.append(h)
                        }
                        if let r = level.resample { h = time("down \(h.height)") { r.apply(h, stride: 2, arena: arena) }; skips.append(h) }
                    }
                    h = time("res mid") { unet.middle.0.forward(h, siluEmbedding: siluEmbedding, arena: arena) }
                    h = time("attn mid") { unet.attention[unet.middle.1].forward(h, keysValues: context.keysValues[unet.middle.1], arena: arena) }
                    h = time("res mid") { unet.middle.2.forward(h, siluEmbedding: siluEmbedding, arena: arena) }
                    for level in unet.up {
                        for (block, ai) in zip(level.residual, level.attention) {
                            let skip = skips.removeLast()
                            var joined = h
                            joined.channels = h.channels + skip.channels
                            joined.data = arena.take(joined.count)
                            time("concat") { FeatureMapKernels.concatenate(h, skip, output: joined.data) }
                            h = time("res up \(h.height)") { block.forward(joined, siluEmbedding: siluEmbedding, arena: arena) }
                            if let ai { h = time("attn \(h.height)") { unet.attention[ai].forward(h, keysValues: context.keysValues[ai], arena: arena) } }
                        }
                        if let r = level.resample {
                            h = time("upconv \(2 * h.height)") { r.applyUpsampled(h, arena: arena) }
                        }
                    }
                    let normed = time("out") { unet.outputNorm.applyPadded(h, groups: c.groups, epsilon: c.normEpsilon, silu: true, arena: arena) }
                    _ = time("out") { unet.outputConvolution.apply(normed, output: arena.take(c.outputChannels * h.columns)) }
                }
                if round >= 2 { times["TOTAL", default: 0] += Double(DispatchTime.now().uptimeNanoseconds - total) / 1e6 }
            }
            // One res block's pieces at its real size.
            if name == "up" {
                let block = unet.up.last!.residual.last!
                let cin = block.conv1.inChannels, cout = block.conv1.outChannels
                var data = noise.samples(cin * size * size)
                let emb = [Float](repeating: 0.1, count: c.embeddingDimension)
                data.withUnsafeMutableBufferPointer { d in emb.withUnsafeBufferPointer { e in
                    let x = FeatureMap(data: d.baseAddress!, channels: cin, batch: 1, height: size, width: size)
                    var pieces: [String: Double] = [:]
                    for round in 0..<12 {
                        arena.reset()
                        func t<T>(_ key: String, _ body: () -> T) -> T {
                            let s = DispatchTime.now().uptimeNanoseconds
                            let r = body()
                            if round >= 2 { pieces[key, default: 0] += Double(DispatchTime.now().uptimeNanoseconds - s) / 1e7 }
                            return r
                        }
                        let h1 = t("norm1 \(cin)") { block.norm1.applyPadded(x, groups: block.groups, epsilon: block.epsilon, silu: true, arena: arena) }
                        let h2 = t("conv1 \(cin)->\(cout)") { block.conv1.apply(h1, output: arena.take(cout * x.columns)) }
                        let h3 = t("norm2") { block.norm2.applyPadded(h2, groups: block.groups, epsilon: block.epsilon, silu: true, arena: arena) }
                        let sk = t("skip 1x1") { block.skip!.apply(x, arena: arena) }
                        _ = t("conv2") { block.conv2.apply(h3, residual: sk.data, output: arena.take(cout * x.columns)) }
                        _ = e
                    }
                    for (k, v) in pieces.sorted(by: { $0.value > $1.value }) { print(String(format: "   %-14@ %8.3f ms", k as NSString, v)) }
                } }
            }
            print("== \(name)")
            for (k, v) in times.sorted(by: { $0.value > $1.value }) { print(String(format: "%-14@ %8.2f ms", k as NSString, v / Double(rounds - 2))) }
        }
    }
}
