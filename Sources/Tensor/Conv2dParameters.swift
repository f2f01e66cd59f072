/// Stride and zero padding of a 2-D convolution. Padding may differ per side (asymmetric "same"
/// padding of even kernels, or TensorFlow-style strided convolutions).
public struct Conv2dParameters: Sendable, Equatable {
    public var strideY: Int
    public var strideX: Int
    public var padTop: Int
    public var padLeft: Int
    public var padBottom: Int
    public var padRight: Int

    /// Same stride and padding on both axes and all sides (PyTorch's `stride=s, padding=p`).
    public init(stride: Int = 1, padding: Int = 0) {
        self.init(strideY: stride, strideX: stride, padTop: padding, padLeft: padding,
                  padBottom: padding, padRight: padding)
    }

    /// Each stride and side given separately.
    public init(strideY: Int, strideX: Int, padTop: Int, padLeft: Int, padBottom: Int, padRight: Int) {
        self.strideY = strideY; self.strideX = strideX
        self.padTop = padTop; self.padLeft = padLeft; self.padBottom = padBottom; self.padRight = padRight
    }

    /// Output extent along one axis, or nil where the kernel does not fit.
    func outputExtent(input: Int, kernel: Int, stride: Int, before: Int, after: Int) -> Int? {
        let span = input + before + after - kernel
        guard span >= 0, stride > 0 else { return nil }
        return span / stride + 1
    }
}
