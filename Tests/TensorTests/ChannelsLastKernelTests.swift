import Testing
@testable import Tensor

/// The micro-kernel behind ``ChannelsLastConvolution`` (Sources/CHalfGEMM/channels_last_conv.c)
/// against the NCHW reference ``Tensor/conv2d(weight:bias:parameters:)``, on odd map sizes,
/// strides, asymmetric padding and channel counts that are not multiples of 16 or 32, for each
/// instruction-set path (0: best on this CPU, 1: AVX2, 2: scalar), with the fused residual and ReLU.
@Suite("Channels-last convolution micro-kernel")
struct ChannelsLastKernelTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var height: Int, width: Int, channels: Int, outChannels: Int, kernel: Int
        var parameters: Conv2dParameters
        var testDescription: String {
            "\(height)x\(width)x\(channels) -> \(outChannels), \(kernel)x\(kernel) stride \(parameters.strideY)x\(parameters.strideX) "
                + "pad \(parameters.padTop),\(parameters.padLeft),\(parameters.padBottom),\(parameters.padRight)"
        }
    }

    static let cases: [Case] = [
        Case(height: 13, width: 9, channels: 17, outChannels: 33, kernel: 3, parameters: Conv2dParameters(padding: 1)),
        Case(height: 11, width: 14, channels: 3, outChannels: 70, kernel: 7, parameters: Conv2dParameters(stride: 2, padding: 3)),
        Case(height: 15, width: 10, channels: 33, outChannels: 5, kernel: 1, parameters: Conv2dParameters(stride: 2)),
        Case(height: 7, width: 8, channels: 1, outChannels: 1, kernel: 1, parameters: Conv2dParameters()),
        Case(height: 10, width: 12, channels: 19, outChannels: 47, kernel: 3,
             parameters: Conv2dParameters(strideY: 2, strideX: 3, padTop: 0, padLeft: 2, padBottom: 1, padRight: 0)),
        Case(height: 9, width: 9, channels: 64, outChannels: 96, kernel: 2,
             parameters: Conv2dParameters(strideY: 1, strideX: 1, padTop: 1, padLeft: 0, padBottom: 0, padRight: 1)),
        // Large enough for several pixel blocks, the two-thread split and 4 panels (the last partial).
        Case(height: 37, width: 41, channels: 40, outChannels: 100, kernel: 3, parameters: Conv2dParameters(padding: 1)),
    ]

    @Test("equals conv2d (+ residual, ReLU) on every instruction-set path, float32 and half panels",
          arguments: cases, [0, 1, 2] as [Int32])
    func matchesReference(c: Case, isa: Int32) {
        for halfWeights in [false, true] {
            check(c, isa: isa, halfWeights: halfWeights)
        }
    }

    /// One case: weights in [-1, 1) as they come (float32 panels) or rounded to halves first (half panels).
    func check(_ c: Case, isa: Int32, halfWeights: Bool) {
        let x = Tensor(shape: [1, c.channels, c.height, c.width], data: patternedValues(c.channels * c.height * c.width, seed: 31))
        var values = patternedValues(c.outChannels * c.channels * c.kernel * c.kernel, seed: 32)
        if halfWeights { values = values.map { Float(Float16($0)) } }
        let weight = Tensor(shape: [c.outChannels, c.channels, c.kernel, c.kernel], data: values)
        let bias = Tensor(shape: [c.outChannels], data: patternedValues(c.outChannels, seed: 33))
        let reference = x.conv2d(weight: weight, bias: bias, parameters: c.parameters)
        let layer = ChannelsLastConvolution(weight: weight, bias: bias, parameters: c.parameters).limitingInstructionSet(to: isa)
        #expect(layer.storesHalfWeights == halfWeights)
        #expect(layer.packedWeight == (0..<(values.count)).map { row in
            let o = row % c.outChannels, k = row / c.outChannels    // [K, O] from [O, C, KH, KW]
            let ky = k / (c.kernel * c.channels), kx = k / c.channels % c.kernel, ch = k % c.channels
            return values[((o * c.channels + ch) * c.kernel + ky) * c.kernel + kx]
        })
        guard let (ho, wo) = layer.outputSize(height: c.height, width: c.width), reference.shape == [1, c.outChannels, ho, wo] else {
            Issue.record("output size \(String(describing: layer.outputSize(height: c.height, width: c.width))) vs \(reference.shape)")
            return
        }
        let input = Self.channelsLast(x)
        let residual = patternedValues(ho * wo * c.outChannels, seed: 34)
        var output = residual
        var columns = [Float](repeating: .nan, count: max(layer.columnCount(height: c.height, width: c.width), 1))
        input.withUnsafeBufferPointer { i in
            columns.withUnsafeMutableBufferPointer { scratch in
                output.withUnsafeMutableBufferPointer { out in
                    layer.apply(i.baseAddress!, height: c.height, width: c.width, into: out.baseAddress!,
                                columns: scratch.baseAddress!, accumulate: true, relu: true)
                }
            }
        }
        let expected = zip(Self.channelsLast(reference), residual).map { max($0 + $1, 0) }
        let depth = Float(c.kernel * c.kernel * c.channels)
        #expect(maxAbsDifference(output, expected) < 2e-6 * depth + 1e-5)
        #expect(expected.contains { $0 == 0 } && expected.contains { $0 > 0 })  // the ReLU both clamps and passes
    }

    @Test("a padded input read in place, the output written into a wider map, a separate residual")
    func paddedInputAndStridedOutput() {
        let (h, w, ci, co) = (6, 5, 9, 21)
        let p = Conv2dParameters(padding: 1)
        let x = Tensor(shape: [1, ci, h, w], data: patternedValues(ci * h * w, seed: 41))
        let weight = Tensor(shape: [co, ci, 3, 3], data: patternedValues(co * ci * 9, seed: 42))
        let layer = ChannelsLastConvolution(weight: weight, bias: nil, parameters: p)
        let expected = Self.channelsLast(x.conv2d(weight: weight, bias: nil, parameters: p))
        let residual = patternedValues(h * w * co, seed: 43)
        var padded = [Float](repeating: .nan, count: ChannelsLastPadding.count(height: h, width: w, channels: ci, parameters: p))
        // The output lands in the interior of a (h+2)x(w+2) map, as a producer for a 3x3 layer writes it.
        let outPad = Conv2dParameters(padding: 1)
        var wide = [Float](repeating: -7, count: ChannelsLastPadding.count(height: h, width: w, channels: co, parameters: outPad))
        let input = Self.channelsLast(x)
        input.withUnsafeBufferPointer { i in
            padded.withUnsafeMutableBufferPointer { pad in
                ChannelsLastPadding.copy(i.baseAddress!, height: h, width: w, channels: ci, parameters: p, into: pad.baseAddress!)
                residual.withUnsafeBufferPointer { r in
                    wide.withUnsafeMutableBufferPointer { out in
                        let interior = out.baseAddress! + ChannelsLastPadding.interiorOffset(width: w, channels: co, parameters: outPad)
                        // The residual has the output's layout: use a dense map as both, written separately.
                        var dense = [Float](repeating: 0, count: h * w * co)
                        dense.withUnsafeMutableBufferPointer { d in
                            layer.apply(paddedInput: pad.baseAddress!, height: h, width: w, into: d.baseAddress!,
                                        residual: r.baseAddress!)
                        }
                        #expect(maxAbsDifference(dense, zip(expected, residual).map { $0 + $1 }) < 1e-4)
                        layer.apply(paddedInput: pad.baseAddress!, height: h, width: w, into: interior,
                                    outputRowStride: (w + 2) * co)
                    }
                }
            }
        }
        let row = (w + 2) * co
        for y in 0..<(h + 2) {
            for xx in 0..<(w + 2) {
                let inside = y >= 1 && y <= h && xx >= 1 && xx <= w
                for o in 0..<co {
                    let value = wide[y * row + xx * co + o]
                    if inside {
                        let e = expected[((y - 1) * w + xx - 1) * co + o]
                        if abs(value - e) >= 1e-4 { Issue.record("(\(y), \(xx), \(o)): \(value) vs \(e)"); return }
                    } else if value != -7 {
                        Issue.record("border (\(y), \(xx), \(o)) was written: \(value)"); return
                    }
                }
            }
        }
    }

    @Test("zeroBorder clears only the border; copy fills the interior")
    func padding() {
        let p = Conv2dParameters(strideY: 1, strideX: 1, padTop: 2, padLeft: 1, padBottom: 0, padRight: 3)
        let (h, w, c) = (3, 2, 2)
        let input = (0..<(h * w * c)).map { Float($0 + 1) }
        var padded = [Float](repeating: .nan, count: ChannelsLastPadding.count(height: h, width: w, channels: c, parameters: p))
        #expect(padded.count == 5 * 6 * 2)
        input.withUnsafeBufferPointer { i in
            padded.withUnsafeMutableBufferPointer {
                ChannelsLastPadding.copy(i.baseAddress!, height: h, width: w, channels: c, parameters: p, into: $0.baseAddress!)
            }
        }
        for y in 0..<5 {
            for x in 0..<6 {
                for ch in 0..<c {
                    let inside = y >= 2 && x >= 1 && x < 3
                    let expected = inside ? input[((y - 2) * w + x - 1) * c + ch] : 0
                    #expect(padded[(y * 6 + x) * c + ch] == expected)
                }
            }
        }
    }

    /// `[1, C, H, W]` -> `[H·W, C]`.
    static func channelsLast(_ x: Tensor) -> [Float] {
        let c = x.shape[1], hw = x.shape[2] * x.shape[3]
        var out = [Float](repeating: 0, count: c * hw)
        for ch in 0..<c { for i in 0..<hw { out[i * c + ch] = x.data[ch * hw + i] } }
        return out
    }
}

@Suite("Channels-last max pool, vector path")
struct ChannelsLastMaxPoolTests {
    @Test("35 channels (two 16-lane groups and a tail), stride 2, padding only at the bottom and right")
    func maxPoolWideRows() {
        let (h, w, c) = (7, 5, 35)
        let input = patternedValues(h * w * c, seed: 51)
        let p = Conv2dParameters(strideY: 2, strideX: 2, padTop: 0, padLeft: 0, padBottom: 1, padRight: 1)
        var output = [Float](repeating: .nan, count: 3 * 2 * c)
        let size = input.withUnsafeBufferPointer { i in
            output.withUnsafeMutableBufferPointer { out in
                ChannelsLastPooling.maxPool(i.baseAddress!, height: h, width: w, channels: c, kernel: 3,
                                            parameters: p, into: out.baseAddress!)
            }
        }
        #expect(size == (3, 2))
        var expected = [Float](repeating: 0, count: 3 * 2 * c)
        for oy in 0..<3 { for ox in 0..<2 { for ch in 0..<c {
            var best = -Float.infinity
            for y in (2 * oy)..<min(2 * oy + 3, h) { for x in (2 * ox)..<min(2 * ox + 3, w) {
                best = max(best, input[(y * w + x) * c + ch])
            }}
            expected[(oy * 2 + ox) * c + ch] = best
        }}}
        #expect(output == expected)
    }
}
