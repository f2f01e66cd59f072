import Testing
@testable import Tensor

@Suite("Convolution and resizing")
struct ConvolutionTests {
    let image = Tensor(shape: [1, 1, 3, 3], data: [1, 2, 3, 4, 5, 6, 7, 8, 9])
    let ones2x2 = Tensor(repeating: 1, shape: [1, 1, 2, 2])

    @Test("2x2 box sums without padding")
    func valid() {
        let y = image.conv2d(weight: ones2x2, bias: nil)
        #expect(y.shape == [1, 1, 2, 2])
        #expect(y.data == [12, 16, 24, 28])
    }

    @Test("stride 2 with padding 1 on every side")
    func stridedPadded() {
        let y = image.conv2d(weight: ones2x2, bias: Tensor(shape: [1], data: [0.5]),
                             parameters: Conv2dParameters(stride: 2, padding: 1))
        #expect(y.shape == [1, 1, 2, 2])
        #expect(y.data == [1.5, 5.5, 11.5, 28.5])
    }

    @Test("asymmetric padding (bottom and right only)")
    func asymmetric() {
        let p = Conv2dParameters(strideY: 1, strideX: 1, padTop: 0, padLeft: 0, padBottom: 1, padRight: 1)
        let y = image.conv2d(weight: ones2x2, bias: nil, parameters: p)
        #expect(y.shape == [1, 1, 3, 3])
        #expect(y.data == [12, 16, 9, 24, 28, 15, 15, 17, 9])
    }

    @Test("1x1 convolution mixes channels per pixel")
    func pointwise() {
        let x = Tensor(shape: [1, 2, 1, 2], data: [1, 2, 3, 4]) // channel 0: [1,2], channel 1: [3,4]
        let w = Tensor(shape: [2, 2, 1, 1], data: [1, 1, 2, -1])
        let y = x.conv2d(weight: w, bias: Tensor(shape: [2], data: [0, 10]))
        #expect(y.data == [4, 6, 9, 10])
    }

    @Test("im2col convolution equals a direct loop on a multi-channel batch")
    func matchesDirect() {
        let (n, c, h, w, o, k) = (2, 3, 5, 6, 4, 3)
        let x = Tensor(shape: [n, c, h, w], data: patternedValues(n * c * h * w, seed: 7))
        let weight = Tensor(shape: [o, c, k, k], data: patternedValues(o * c * k * k, seed: 8))
        let bias = Tensor(shape: [o], data: patternedValues(o, seed: 9))
        let p = Conv2dParameters(strideY: 2, strideX: 1, padTop: 1, padLeft: 0, padBottom: 2, padRight: 1)
        let y = x.conv2d(weight: weight, bias: bias, parameters: p)
        let ho = (h + 3 - k) / 2 + 1, wo = (w + 1 - k) / 1 + 1
        #expect(y.shape == [n, o, ho, wo])
        var worst: Float = 0
        for b in 0..<n { for oc in 0..<o { for oy in 0..<ho { for ox in 0..<wo {
            var sum = bias[oc]
            for ic in 0..<c { for ky in 0..<k { for kx in 0..<k {
                let iy = oy * 2 - 1 + ky, ix = ox - 0 + kx
                if iy >= 0 && iy < h && ix >= 0 && ix < w { sum += x[b, ic, iy, ix] * weight[oc, ic, ky, kx] }
            }}}
            worst = max(worst, abs(sum - y[b, oc, oy, ox]))
        }}}}
        #expect(worst < 1e-5)
    }

    @Test("nearest 2x upsampling repeats each pixel in a 2x2 block")
    func nearest() {
        let x = Tensor(shape: [1, 1, 2, 2], data: [1, 2, 3, 4])
        #expect(x.upsampledNearest2x().data == [1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4])
    }

    // torch.nn.functional.interpolate(torch.tensor([[[[0.,1.],[2.,3.]]]]), size=(4,4), mode="bilinear", align_corners=False)
    @Test("bilinear resize uses half-pixel centres like PyTorch (align_corners=False)")
    func bilinear() {
        let x = Tensor(shape: [1, 1, 2, 2], data: [0, 1, 2, 3])
        let y = x.resizedBilinear(height: 4, width: 4)
        let expected: [Float] = [0, 0.25, 0.75, 1, 0.5, 0.75, 1.25, 1.5, 1.5, 1.75, 2.25, 2.5, 2, 2.25, 2.75, 3]
        #expect(maxAbsDifference(y.data, expected) < 1e-6)
        // down to 1x1 samples the centre
        #expect(maxAbsDifference(x.resizedBilinear(height: 1, width: 1).data, [1.5]) < 1e-6)
    }
}
