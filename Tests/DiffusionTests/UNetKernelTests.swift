import Foundation
import Testing
import CUNetKernels
import Tensor
@testable import Diffusion

/// The UNet's C kernels (CUNetKernels) against reference arithmetic, on every instruction set
/// the CPU has (a set it lacks falls back to the best one it has): odd plane sizes (row tails
/// that are not whole vectors, 1x1 planes), channel counts that are not multiples of 8 or 16,
/// the zero border, per-sample bias and a residual aliasing the output.
@Suite("UNet kernels")
struct UNetKernelTests {
    static let instructionSets = ["avx512f", "avx2", "scalar"]

    struct ConvCase: CustomTestStringConvertible, Sendable {
        var channels: Int, outChannels: Int, batch: Int, height: Int, width: Int
        var testDescription: String { "\(channels)->\(outChannels) x\(batch) \(height)x\(width)" }
    }

    /// Widths cover 1, < 16, 16·k ± 1, 64 (2 + 2 vectors) and 80 (3 + 2).
    static let convCases = [
        ConvCase(channels: 3, outChannels: 5, batch: 2, height: 7, width: 19),
        ConvCase(channels: 13, outChannels: 17, batch: 1, height: 5, width: 33),
        ConvCase(channels: 8, outChannels: 8, batch: 3, height: 1, width: 1),
        ConvCase(channels: 7, outChannels: 3, batch: 2, height: 4, width: 64),
        ConvCase(channels: 16, outChannels: 24, batch: 1, height: 3, width: 80),
        ConvCase(channels: 2, outChannels: 9, batch: 2, height: 6, width: 47),
    ]

    static func random(_ count: Int, seed: UInt64) -> [Float] {
        var noise = GaussianNoise(seed: seed)
        return noise.samples(count)
    }

    /// Max |a − b| ≤ tolerance × max(1, max |b|).
    static func close(_ a: [Float], _ b: [Float], tolerance: Float = 1e-5) -> Bool {
        guard a.count == b.count else { return false }
        let scale = max(1, b.map(abs).max() ?? 0)
        return zip(a, b).allSatisfy { abs($0 - $1) <= tolerance * scale }
    }

    @Test("direct 3x3 convolution matches im2col + sgemm (bias, per-sample bias, residual)", arguments: convCases)
    func directConvolution(_ k: ConvCase) {
        let inputCount = k.channels * k.batch * k.height * k.width
        let outputCount = k.outChannels * k.batch * k.height * k.width
        var input = Self.random(inputCount, seed: 1)
        let weight = Self.random(k.outChannels * k.channels * 9, seed: 2)
        let bias = Self.random(k.outChannels, seed: 3)
        let sampleShift = Self.random(k.batch * k.outChannels, seed: 4)
        let residual = Self.random(outputCount, seed: 5)
        let packed = DirectConvolution.pack(weight, outChannels: k.outChannels, inChannels: k.channels)

        // Reference: im2col + sgemm, then the per-sample shift and the residual added here.
        var reference = [Float](repeating: 0, count: outputCount)
        var columns = [Float](repeating: 0, count: k.channels * 9 * k.batch * k.height * k.width)
        input.withUnsafeBufferPointer { i in weight.withUnsafeBufferPointer { w in bias.withUnsafeBufferPointer { b in
            columns.withUnsafeMutableBufferPointer { c in reference.withUnsafeMutableBufferPointer { o in
                Tensor.conv2dChannelMajor(input: i.baseAddress!, channels: k.channels, batch: k.batch,
                                          height: k.height, width: k.width, weight: w.baseAddress!,
                                          outChannels: k.outChannels, kernelY: 3, kernelX: 3,
                                          parameters: .init(stride: 1, padding: 1), bias: b.baseAddress!,
                                          columns: c.baseAddress!, output: o.baseAddress!)
            } }
        } } }
        let pixels = k.height * k.width
        var shifted = reference
        for o in 0..<k.outChannels {
            for n in 0..<k.batch {
                for p in 0..<pixels { shifted[(o * k.batch + n) * pixels + p] += sampleShift[n * k.outChannels + o] }
            }
        }
        let withResidual = zip(shifted, residual).map { $0 + $1 }
        var sampleBias = sampleShift
        for n in 0..<k.batch { for o in 0..<k.outChannels { sampleBias[n * k.outChannels + o] += bias[o] } }

        var padded = [Float](repeating: .nan, count: PaddedFeatureMap.count(channels: k.channels, batch: k.batch,
                                                                            height: k.height, width: k.width))
        for isa in Self.instructionSets {
            var plain = [Float](repeating: .nan, count: outputCount)
            var perSample = plain
            var summed = residual  // the residual is also the output: added in place
            input.withUnsafeMutableBufferPointer { i in padded.withUnsafeMutableBufferPointer { pad in
                let map = DirectConvolution.pad(FeatureMap(data: i.baseAddress!, channels: k.channels, batch: k.batch,
                                                           height: k.height, width: k.width), into: pad.baseAddress!)
                packed.withUnsafeBufferPointer { w in
                    bias.withUnsafeBufferPointer { b in plain.withUnsafeMutableBufferPointer { o in
                        DirectConvolution.apply(map, packed: w.baseAddress!, outChannels: k.outChannels, bias: b.baseAddress!,
                                                residual: nil, output: o.baseAddress!, isa: isa)
                    } }
                    sampleBias.withUnsafeBufferPointer { b in perSample.withUnsafeMutableBufferPointer { o in
                        DirectConvolution.apply(map, packed: w.baseAddress!, outChannels: k.outChannels, bias: b.baseAddress!,
                                                biasStride: k.outChannels, residual: nil, output: o.baseAddress!, isa: isa)
                    } }
                    sampleBias.withUnsafeBufferPointer { b in summed.withUnsafeMutableBufferPointer { o in
                        DirectConvolution.apply(map, packed: w.baseAddress!, outChannels: k.outChannels, bias: b.baseAddress!,
                                                biasStride: k.outChannels, residual: o.baseAddress!, output: o.baseAddress!,
                                                isa: isa)
                    } }
                }
            } }
            #expect(Self.close(plain, reference), "\(isa): bias only")
            #expect(Self.close(perSample, shifted), "\(isa): per-sample bias")
            #expect(Self.close(summed, withResidual), "\(isa): residual in place")
        }
    }

    @Test("stride-2 direct convolution matches im2col + sgemm (odd and even sizes)", arguments: [
        ConvCase(channels: 3, outChannels: 5, batch: 2, height: 7, width: 19),
        ConvCase(channels: 13, outChannels: 17, batch: 1, height: 8, width: 66),
        ConvCase(channels: 8, outChannels: 8, batch: 1, height: 2, width: 2),
        ConvCase(channels: 16, outChannels: 9, batch: 2, height: 9, width: 33),
    ])
    func stride2(_ k: ConvCase) throws {
        var input = Self.random(k.channels * k.batch * k.height * k.width, seed: 31)
        let weight = Self.random(k.outChannels * k.channels * 9, seed: 32)
        let bias = Self.random(k.outChannels, seed: 33)
        let outHeight = (k.height - 1) / 2 + 1, outWidth = (k.width - 1) / 2 + 1
        let outputCount = k.outChannels * k.batch * outHeight * outWidth
        var reference = [Float](repeating: 0, count: outputCount)
        var columns = [Float](repeating: 0, count: k.channels * 9 * k.batch * outHeight * outWidth)
        input.withUnsafeBufferPointer { i in weight.withUnsafeBufferPointer { w in bias.withUnsafeBufferPointer { b in
            columns.withUnsafeMutableBufferPointer { c in reference.withUnsafeMutableBufferPointer { o in
                Tensor.conv2dChannelMajor(input: i.baseAddress!, channels: k.channels, batch: k.batch,
                                          height: k.height, width: k.width, weight: w.baseAddress!,
                                          outChannels: k.outChannels, kernelY: 3, kernelX: 3,
                                          parameters: .init(stride: 2, padding: 1), bias: b.baseAddress!,
                                          columns: c.baseAddress!, output: o.baseAddress!)
            } }
        } } }
        let packed = DirectConvolution.pack(weight, outChannels: k.outChannels, inChannels: k.channels)
        var padded = [Float](repeating: .nan, count: PaddedFeatureMap.count(channels: k.channels, batch: k.batch,
                                                                            height: k.height, width: k.width))
        var output = [Float](repeating: .nan, count: outputCount)
        let done = input.withUnsafeMutableBufferPointer { i in padded.withUnsafeMutableBufferPointer { pad in
            let map = DirectConvolution.pad(FeatureMap(data: i.baseAddress!, channels: k.channels, batch: k.batch,
                                                       height: k.height, width: k.width), into: pad.baseAddress!)
            return packed.withUnsafeBufferPointer { w in bias.withUnsafeBufferPointer { b in output.withUnsafeMutableBufferPointer { o in
                DirectConvolution.applyStride2(map, packed: w.baseAddress!, outChannels: k.outChannels,
                                               bias: b.baseAddress!, output: o.baseAddress!)
            } } }
        } }
        try #require(done || DirectConvolution.instructionSet != "avx512f", "AVX-512F CPU but the stride-2 kernel declined")
        if done { #expect(Self.close(output, reference)) }
    }

    @Test("1x1 convolution matches a Double reference (bias, in-place residual, column tails)", arguments: [
        (3, 5, 1), (16, 8, 47), (13, 17, 49), (8, 24, 160), (40, 3, 97),
    ])
    func pointwise(channels: Int, outChannels: Int, columns: Int) {
        var input = Self.random(channels * columns, seed: 11)
        let weight = Self.random(outChannels * channels, seed: 12)
        let bias = Self.random(outChannels, seed: 13)
        let residual = Self.random(outChannels * columns, seed: 14)
        var reference = [Float](repeating: 0, count: outChannels * columns)
        for o in 0..<outChannels {
            for j in 0..<columns {
                var sum = Double(bias[o])
                for c in 0..<channels { sum += Double(weight[o * channels + c]) * Double(input[c * columns + j]) }
                reference[o * columns + j] = Float(sum)
            }
        }
        let withResidual = zip(reference, residual).map { $0 + $1 }
        let packed = PointwiseConvolution.pack(weight, outChannels: outChannels, inChannels: channels)
        for isa in Self.instructionSets {
            var plain = [Float](repeating: .nan, count: outChannels * columns)
            var summed = residual
            input.withUnsafeMutableBufferPointer { i in packed.withUnsafeBufferPointer { w in bias.withUnsafeBufferPointer { b in
                let map = FeatureMap(data: i.baseAddress!, channels: channels, batch: 1, height: 1, width: columns)
                plain.withUnsafeMutableBufferPointer { o in
                    PointwiseConvolution.apply(map, packed: w.baseAddress!, outChannels: outChannels, bias: b.baseAddress!,
                                               residual: nil, output: o.baseAddress!, isa: isa)
                }
                summed.withUnsafeMutableBufferPointer { o in
                    PointwiseConvolution.apply(map, packed: w.baseAddress!, outChannels: outChannels, bias: b.baseAddress!,
                                               residual: o.baseAddress!, output: o.baseAddress!, isa: isa)
                }
            } } }
            #expect(Self.close(plain, reference), "\(isa): bias")
            #expect(Self.close(summed, withResidual), "\(isa): residual in place")
        }
    }

    @Test("the zero border: a constant map's corners see 4 of 9 taps, edges 6, the inside 9")
    func borderTaps() {
        var input = [Float](repeating: 1, count: 5 * 6)
        let weight = [Float](repeating: 1, count: 9)
        let packed = DirectConvolution.pack(weight, outChannels: 1, inChannels: 1)
        var padded = [Float](repeating: .nan, count: PaddedFeatureMap.count(channels: 1, batch: 1, height: 5, width: 6))
        for isa in Self.instructionSets {
            var output = [Float](repeating: .nan, count: 30)
            input.withUnsafeMutableBufferPointer { i in padded.withUnsafeMutableBufferPointer { pad in
                let map = DirectConvolution.pad(FeatureMap(data: i.baseAddress!, channels: 1, batch: 1, height: 5, width: 6),
                                                into: pad.baseAddress!)
                packed.withUnsafeBufferPointer { w in output.withUnsafeMutableBufferPointer { o in
                    DirectConvolution.apply(map, packed: w.baseAddress!, outChannels: 1, bias: nil, residual: nil,
                                            output: o.baseAddress!, isa: isa)
                } }
            } }
            #expect(output[0] == 4 && output[5] == 4 && output[24] == 4 && output[29] == 4, "\(isa): corners")
            #expect(output[2] == 6 && output[6] == 6 && output[11] == 6 && output[27] == 6, "\(isa): edges")
            #expect(output[7] == 9 && output[22] == 9, "\(isa): inside")
        }
    }

    struct NormCase: CustomTestStringConvertible, Sendable {
        var channels: Int, groups: Int, batch: Int, height: Int, width: Int
        var testDescription: String { "C\(channels)/G\(groups) x\(batch) \(height)x\(width)" }
    }

    @Test("group norm (+ SiLU, + zero-bordered output) matches a Double reference", arguments: [
        NormCase(channels: 12, groups: 4, batch: 2, height: 5, width: 7),
        NormCase(channels: 6, groups: 3, batch: 1, height: 17, width: 33),
        NormCase(channels: 10, groups: 5, batch: 3, height: 1, width: 1),
        NormCase(channels: 4, groups: 2, batch: 2, height: 9, width: 130),   // the 4-accumulator loops
    ])
    func groupNorm(_ k: NormCase) {
        let pixels = k.height * k.width
        var input = Self.random(k.channels * k.batch * pixels, seed: 7).map { $0 * 3 + 0.5 }
        let weight = Self.random(k.channels, seed: 8), bias = Self.random(k.channels, seed: 9)
        let epsilon: Float = 1e-5
        var reference = [Float](repeating: 0, count: input.count)
        let perGroup = k.channels / k.groups
        for n in 0..<k.batch {
            for g in 0..<k.groups {
                var indices: [Int] = []
                for c in (g * perGroup)..<((g + 1) * perGroup) {
                    let start = (c * k.batch + n) * pixels
                    indices += Array(start..<(start + pixels))
                }
                var sum = 0.0
                for i in indices { sum += Double(input[i]) }
                let mean = sum / Double(indices.count)
                var squares = 0.0
                for i in indices { squares += (Double(input[i]) - mean) * (Double(input[i]) - mean) }
                let variance = squares / Double(indices.count)
                for i in indices {
                    let c = i / (k.batch * pixels)
                    let normalised = (Double(input[i]) - mean) / (variance + Double(epsilon)).squareRoot()
                    reference[i] = Float(normalised * Double(weight[c]) + Double(bias[c]))
                }
            }
        }
        let referenceSiLU = reference.map { $0 / (1 + exp(-$0)) }
        for isa in Self.instructionSets {
            for silu in [false, true] {
                var plain = [Float](repeating: .nan, count: input.count)
                var padded = [Float](repeating: .nan, count: PaddedFeatureMap.count(channels: k.channels, batch: k.batch,
                                                                                    height: k.height, width: k.width))
                input.withUnsafeMutableBufferPointer { i in weight.withUnsafeBufferPointer { w in bias.withUnsafeBufferPointer { b in
                    let map = FeatureMap(data: i.baseAddress!, channels: k.channels, batch: k.batch,
                                         height: k.height, width: k.width)
                    plain.withUnsafeMutableBufferPointer { o in
                        FeatureMapKernels.groupNorm(map, groups: k.groups, weight: w.baseAddress!, bias: b.baseAddress!,
                                                    epsilon: epsilon, silu: silu, output: o.baseAddress!, isa: isa)
                    }
                    padded.withUnsafeMutableBufferPointer { o in
                        FeatureMapKernels.groupNorm(map, groups: k.groups, weight: w.baseAddress!, bias: b.baseAddress!,
                                                    epsilon: epsilon, silu: silu, padded: true, output: o.baseAddress!, isa: isa)
                    }
                } } }
                let expected = silu ? referenceSiLU : reference
                #expect(Self.close(plain, expected, tolerance: 2e-5), "\(isa) silu \(silu)")
                // The padded copy holds the same values inside a zero border, then zero slack.
                let wp = k.width + 2, plane = (k.height + 2) * wp
                var inside: [Float] = [], border: [Float] = []
                for p in 0..<(k.channels * k.batch) {
                    for y in 0..<(k.height + 2) {
                        for x in 0..<wp {
                            let v = padded[p * plane + y * wp + x]
                            if y == 0 || x == 0 || y == k.height + 1 || x == k.width + 1 { border.append(v) } else { inside.append(v) }
                        }
                    }
                }
                border += padded[(k.channels * k.batch * plane)...]
                #expect(Self.close(inside, expected, tolerance: 2e-5), "\(isa) silu \(silu): padded values")
                #expect(border.allSatisfy { $0 == 0 }, "\(isa) silu \(silu): zero border and slack")
            }
        }
    }

    @Test("fused attention matches a Double reference (odd query/key counts, head dims 24/32/40)", arguments: [
        (24, 2, 13), (32, 77, 64), (40, 100, 21), (32, 49, 8), (7, 1, 3),
    ])
    func fusedAttention(depth: Int, keys: Int, queries: Int) {
        // Strided rows, as in the channel-major qkv map: q and k rows longer than their counts.
        let qStride = queries + 5, kStride = keys + 3, vtStride = depth + 2, outStride = queries + 1
        let q = Self.random(depth * qStride, seed: 21), k = Self.random(depth * kStride, seed: 22)
        let vt = Self.random(keys * vtStride, seed: 23)
        let scale = 1 / Float(depth).squareRoot()
        var reference = [Float](repeating: 0, count: depth * outStride)
        for t in 0..<queries {
            var scores = (0..<keys).map { s in
                (0..<depth).reduce(0.0) { $0 + Double(q[$1 * qStride + t]) * Double(k[$1 * kStride + s]) } * Double(scale)
            }
            let maximum = scores.max() ?? 0
            scores = scores.map { exp($0 - maximum) }
            let total = scores.reduce(0, +)
            for d in 0..<depth {
                var value = 0.0
                for s in 0..<keys { value += scores[s] * Double(vt[s * vtStride + d]) }
                reference[d * outStride + t] = Float(value / total)
            }
        }
        for isa in ["avx512f", "scalar"] {
            var out = [Float](repeating: 0, count: depth * outStride)
            var scratch = [Float](repeating: .nan, count: FusedAttention.scratchCount(keys: keys))
            q.withUnsafeBufferPointer { qp in k.withUnsafeBufferPointer { kp in vt.withUnsafeBufferPointer { vp in
                out.withUnsafeMutableBufferPointer { o in scratch.withUnsafeMutableBufferPointer { sc in
                    FusedAttention.run(q: qp.baseAddress!, qStride: qStride, k: kp.baseAddress!, kStride: kStride,
                                       vt: vp.baseAddress!, vtStride: vtStride, depth: depth, keys: keys,
                                       queries: queries, scale: scale, out: o.baseAddress!, outStride: outStride,
                                       scratch: sc.baseAddress!, isa: isa)
                } }
            } } }
            #expect(Self.close(out, reference, tolerance: 2e-6), "\(isa)")
        }
    }

    @Test("softmax rows sum to 1 and match a Double reference", arguments: [1, 7, 16, 33, 77, 1024])
    func softmax(width: Int) {
        let rows = 3
        let input = Self.random(rows * width, seed: UInt64(width)).map { $0 * 4 }
        var reference = input
        for r in 0..<rows {
            let row = input[(r * width)..<((r + 1) * width)].map(Double.init)
            let maximum = row.max() ?? 0
            let total = row.reduce(0) { $0 + exp($1 - maximum) }
            for (j, v) in row.enumerated() { reference[r * width + j] = Float(exp(v - maximum) / total) }
        }
        for isa in Self.instructionSets {
            var output = input
            output.withUnsafeMutableBufferPointer { o in
                warden_unet_softmax_isa(isa, o.baseAddress!, Int32(rows), Int32(width))
            }
            #expect(Self.close(output, reference, tolerance: 1e-6), "\(isa)")
        }
    }
}
