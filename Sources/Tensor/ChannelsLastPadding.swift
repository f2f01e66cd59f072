/// Zero padding of channels-last maps (`[H·W, C]`), the input layout of
/// ``ChannelsLastConvolution/apply(paddedInput:height:width:into:outputRowStride:residual:relu:)``:
/// a `(padTop + H + padBottom) x (padLeft + W + padRight)` map whose border is zero.
public enum ChannelsLastPadding {
    /// Floats of a padded map of `height` x `width` pixels of `channels` values.
    public static func count(height: Int, width: Int, channels: Int, parameters p: Conv2dParameters) -> Int {
        (height + p.padTop + p.padBottom) * (width + p.padLeft + p.padRight) * channels
    }

    /// Offset (in floats) of pixel (0, 0) of the map inside its padded buffer.
    public static func interiorOffset(width: Int, channels: Int, parameters p: Conv2dParameters) -> Int {
        (p.padTop * (width + p.padLeft + p.padRight) + p.padLeft) * channels
    }

    /// Copies `input` (`[height·width, C]`) into the interior of `padded` and zeroes its border.
    public static func copy(_ input: UnsafePointer<Float>, height: Int, width: Int, channels: Int,
                            parameters p: Conv2dParameters, into padded: UnsafeMutablePointer<Float>) {
        zeroBorder(padded, height: height, width: width, channels: channels, parameters: p)
        let row = (width + p.padLeft + p.padRight) * channels
        let interior = padded + interiorOffset(width: width, channels: channels, parameters: p)
        for y in 0..<height {
            (interior + y * row).update(from: input + y * width * channels, count: width * channels)
        }
    }

    /// Zeroes the border of a padded map (rows above and below, columns left and right), leaving
    /// the interior as it is: a producer layer writes the interior in place.
    public static func zeroBorder(_ padded: UnsafeMutablePointer<Float>, height: Int, width: Int, channels: Int,
                                  parameters p: Conv2dParameters) {
        let row = (width + p.padLeft + p.padRight) * channels
        padded.update(repeating: 0, count: p.padTop * row)
        (padded + (p.padTop + height) * row).update(repeating: 0, count: p.padBottom * row)
        for y in p.padTop..<(p.padTop + height) {
            let start = padded + y * row
            start.update(repeating: 0, count: p.padLeft * channels)
            (start + (p.padLeft + width) * channels).update(repeating: 0, count: p.padRight * channels)
        }
    }
}
