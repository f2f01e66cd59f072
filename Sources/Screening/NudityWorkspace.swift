/// Activation buffers of one open_nsfw forward pass, allocated once and reused: a score call takes
/// one from the classifier's pool, uses it alone, and gives it back. Channels-last throughout
/// (`[H·W, C]` per buffer); sizes for the 224x224 input of ResNet-50-1by2 in the comments.
///
/// `@unchecked Sendable`: the buffers are raw memory, owned by exactly one call at a time (the
/// pool hands a workspace out under its lock and only takes it back after the call).
final class NudityWorkspace: @unchecked Sendable {
    let input: UnsafeMutableBufferPointer<Float>    // [224·224, 3]      preprocessed image
    let columns: UnsafeMutableBufferPointer<Float>  // [230·230, 3]      zero-padded input map (largest: the stem's)
    let blockInput: UnsafeMutableBufferPointer<Float>   // [112·112, 64] largest activation
    let blockOutput: UnsafeMutableBufferPointer<Float>  // same size, ping-pong with blockInput
    let spatial: UnsafeMutableBufferPointer<Float>  // [56·56, 32]       branch2b output
    let pooled: UnsafeMutableBufferPointer<Float>   // [1024]            global average pool

    init(inputCount: Int, columnCount: Int, activationCount: Int, branchCount: Int, featureCount: Int) {
        func buffer(_ count: Int) -> UnsafeMutableBufferPointer<Float> {
            let b = UnsafeMutableBufferPointer<Float>.allocate(capacity: max(count, 1))
            b.initialize(repeating: 0)
            return b
        }
        input = buffer(inputCount)
        columns = buffer(columnCount)
        blockInput = buffer(activationCount)
        blockOutput = buffer(activationCount)
        spatial = buffer(branchCount)
        pooled = buffer(featureCount)
    }

    deinit {
        for b in [input, columns, blockInput, blockOutput, spatial, pooled] { b.deallocate() }
    }
}
