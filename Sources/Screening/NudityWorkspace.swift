/// Activation buffers of one open_nsfw forward pass, allocated once and reused: a score call takes
/// one from the classifier's pool, uses it alone, and gives it back. Channels-last throughout
/// (`[H·W, C]` per buffer); sizes for the 224x224 input of ResNet-50-1by2 in the comments.
///
/// Every buffer starts on a cache line (64 bytes). The convolutions' two threads write
/// neighbouring 32-channel column panels of the same pixels; with a buffer that starts 16, 32 or
/// 48 bytes into a line (what malloc happens to return varies from process to process), each
/// pixel's panel boundary falls inside a line both threads write. Measured with the model's
/// network on 2 threads, same process mode, alternating: 6.5 ms aligned against 7.1 ms at the
/// three other offsets (`warden bench image-screening`, 2026-11-25).
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

    static let cacheLine = 64

    init(inputCount: Int, columnCount: Int, activationCount: Int, branchCount: Int, featureCount: Int) {
        func buffer(_ count: Int) -> UnsafeMutableBufferPointer<Float> {
            let count = max(count, 1)
            let raw = UnsafeMutableRawPointer.allocate(byteCount: count * MemoryLayout<Float>.stride,
                                                       alignment: NudityWorkspace.cacheLine)
            let b = UnsafeMutableBufferPointer(start: raw.bindMemory(to: Float.self, capacity: count), count: count)
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
        for b in [input, columns, blockInput, blockOutput, spatial, pooled] {
            UnsafeMutableRawPointer(b.baseAddress!).deallocate()
        }
    }
}
