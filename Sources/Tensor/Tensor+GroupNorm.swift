extension Tensor {
    /// Group normalisation, as PyTorch's `nn.GroupNorm`: channels are split into `groups`
    /// groups and each (sample, group) is normalised over its channels and spatial positions.
    ///
    /// - Parameters:
    ///   - groups: must divide the channel count `C`.
    ///   - weight: `[C]` scale. - bias: `[C]` shift.
    /// - Returns: the same shape as `self`, `[N, C, ...]`.
    public func groupNorm(groups: Int, weight: Tensor, bias: Tensor, epsilon: Float = 1e-5) -> Tensor {
        precondition(rank >= 2, "groupNorm: input \(shape) needs [N, C, ...]")
        let batch = shape[0], channels = shape[1]
        precondition(groups > 0 && channels % groups == 0,
                     "groupNorm: \(groups) groups do not divide the \(channels) channels of \(shape)")
        precondition(weight.shape == [channels] && bias.shape == [channels],
                     "groupNorm: input \(shape) needs weight and bias [\(channels)], got \(weight.shape) and \(bias.shape)")
        let spatial = Tensor.count(of: Array(shape.dropFirst(2)))
        let channelsPerGroup = channels / groups
        let groupSize = channelsPerGroup * spatial
        var result = self
        guard groupSize > 0 else { return result }
        result.data.withUnsafeMutableBufferPointer { x in
            weight.data.withUnsafeBufferPointer { g in
                bias.data.withUnsafeBufferPointer { b in
                    for n in 0..<batch {
                        for group in 0..<groups {
                            let base = x.baseAddress! + (n * channels + group * channelsPerGroup) * spatial
                            var sum: Double = 0
                            for i in 0..<groupSize { sum += Double(base[i]) }
                            let mean = Float(sum / Double(groupSize))
                            var squares: Double = 0
                            for i in 0..<groupSize {
                                let d = base[i] - mean
                                squares += Double(d * d)
                            }
                            let scale = 1 / (Float(squares / Double(groupSize)) + epsilon).squareRoot()
                            for c in 0..<channelsPerGroup {
                                let channel = group * channelsPerGroup + c
                                let a = scale * g[channel]
                                let shift = b[channel] - mean * a
                                let plane = base + c * spatial
                                for i in 0..<spatial { plane[i] = plane[i] * a + shift }
                            }
                        }
                    }
                }
            }
        }
        return result
    }
}
