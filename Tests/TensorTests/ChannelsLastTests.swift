import Testing
@testable import Tensor

/// `[1, C, H, W]` -> `[H·W, C]` and back, for comparing the channels-last layers with `conv2d`.
private func channelsLast(_ x: Tensor) -> [Float] {
    let c = x.shape[1], h = x.shape[2], w = x.shape[3]
    var out = [Float](repeating: 0, count: c * h * w)
    for ch in 0..<c { for i in 0..<(h * w) { out[i * c + ch] = x.data[ch * h * w + i] } }
    return out
}

@Suite("Channels-last convolution and pooling")
struct ChannelsLastTests {
    @Test("equals conv2d (NCHW) for the kernels of a ResNet",
          arguments: [(7, 2, 3, 3, 3, 3), (3, 1, 1, 1, 1, 1), (1, 2, 0, 0, 0, 0), (1, 1, 0, 0, 0, 0), (2, 1, 0, 1, 1, 0)])
    func matchesConv2d(kernel: Int, stride: Int, padTop: Int, padLeft: Int, padBottom: Int, padRight: Int) {
        let p = Conv2dParameters(strideY: stride, strideX: stride, padTop: padTop, padLeft: padLeft,
                                 padBottom: padBottom, padRight: padRight)
        // 5 channels in: runs shorter than a vector; 20 out: a full and a masked 16-lane store.
        #expect(Self.differenceFromConv2d(channels: 5, outChannels: 20, kernel: kernel, parameters: p) < 1e-5)
    }

    @Test("equals conv2d with wide rows (several 16-lane groups and a partial 32-column panel)")
    func wideChannels() {
        #expect(Self.differenceFromConv2d(channels: 12, outChannels: 33, kernel: 3, parameters: Conv2dParameters(padding: 1)) < 1e-5)
    }

    /// Max |channels-last layer - conv2d| on a 9x11 patterned image.
    static func differenceFromConv2d(channels c: Int, outChannels o: Int, kernel: Int, parameters p: Conv2dParameters) -> Float {
        let (h, w) = (9, 11)
        let x = Tensor(shape: [1, c, h, w], data: patternedValues(c * h * w, seed: 21))
        let weight = Tensor(shape: [o, c, kernel, kernel], data: patternedValues(o * c * kernel * kernel, seed: 22))
        let bias = Tensor(shape: [o], data: patternedValues(o, seed: 23))
        let expected = x.conv2d(weight: weight, bias: bias, parameters: p)
        let layer = ChannelsLastConvolution(weight: weight, bias: bias, parameters: p)
        let (ho, wo) = layer.outputSize(height: h, width: w)!
        guard [1, o, ho, wo] == expected.shape else { return .infinity }
        let input = channelsLast(x)
        var columns = [Float](repeating: .nan, count: max(layer.columnCount(height: h, width: w), 1))
        var output = [Float](repeating: .nan, count: ho * wo * o)
        input.withUnsafeBufferPointer { i in
            columns.withUnsafeMutableBufferPointer { cols in
                output.withUnsafeMutableBufferPointer { out in
                    layer.apply(i.baseAddress!, height: h, width: w, into: out.baseAddress!, columns: cols.baseAddress!)
                }
            }
        }
        return maxAbsDifference(output, channelsLast(expected))
    }

    @Test("accumulate adds a residual before the ReLU")
    func residualAndRelu() {
        let weight = Tensor(shape: [2, 1, 1, 1], data: [1, -1])
        let layer = ChannelsLastConvolution(weight: weight, bias: Tensor(shape: [2], data: [0.5, 0.5]))
        let input: [Float] = [2, 3]                 // two pixels, one channel
        var output: [Float] = [1, 1, -10, 10]       // residual [2 pixels, 2 channels]
        input.withUnsafeBufferPointer { i in
            output.withUnsafeMutableBufferPointer { out in
                layer.apply(i.baseAddress!, height: 1, width: 2, into: out.baseAddress!, columns: nil,
                            accumulate: true, relu: true)
            }
        }
        // pixel 0: [2 + 0.5 + 1, -2 + 0.5 + 1] = [3.5, 0 (relu of -0.5)]; pixel 1: [3 + 0.5 - 10 -> 0, -3 + 0.5 + 10]
        #expect(output == [3.5, 0, 0, 7.5])
    }

    @Test("max pool 3x3 stride 2 with padding only at the bottom and right (open_nsfw's stem)")
    func maxPoolAsymmetric() {
        let (h, w, c) = (6, 6, 2)
        let input = patternedValues(h * w * c, seed: 5)
        let p = Conv2dParameters(strideY: 2, strideX: 2, padTop: 0, padLeft: 0, padBottom: 1, padRight: 1)
        var output = [Float](repeating: .nan, count: 3 * 3 * c)
        let size = input.withUnsafeBufferPointer { i in
            output.withUnsafeMutableBufferPointer { out in
                ChannelsLastPooling.maxPool(i.baseAddress!, height: h, width: w, channels: c, kernel: 3,
                                            parameters: p, into: out.baseAddress!)
            }
        }
        #expect(size == (3, 3))
        for oy in 0..<3 { for ox in 0..<3 { for ch in 0..<c {
            var best = -Float.infinity
            for y in (2 * oy)..<min(2 * oy + 3, h) { for x in (2 * ox)..<min(2 * ox + 3, w) {
                best = max(best, input[(y * w + x) * c + ch])
            }}
            #expect(output[(oy * 3 + ox) * c + ch] == best)
        }}}
    }

    @Test("global average pool is the per-channel mean")
    func averagePool() {
        let input: [Float] = [1, 10, 3, 20, 5, 30]  // 3 pixels, 2 channels
        var output = [Float](repeating: 0, count: 2)
        input.withUnsafeBufferPointer { i in
            output.withUnsafeMutableBufferPointer { out in
                ChannelsLastPooling.globalAveragePool(i.baseAddress!, pixels: 3, channels: 2, into: out.baseAddress!)
            }
        }
        #expect(output == [3, 20])
    }
}
