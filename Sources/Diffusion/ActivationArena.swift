/// Activation buffers of a UNet forward, reused across sampler steps: a forward asks for its
/// buffers in the same order every step, so after the first step every request is served by
/// the buffer the same request got last time (grown if a later forward needs more).
/// One arena belongs to one generation request (not shared between threads).
final class ActivationArena {
    private var buffers: [(pointer: UnsafeMutablePointer<Float>, capacity: Int)] = []
    private var cursor = 0
    private var scratchBuffer: (pointer: UnsafeMutablePointer<Float>, capacity: Int)?
    private var scoresBuffer: (pointer: UnsafeMutablePointer<Float>, capacity: Int)?

    private var children: [ActivationArena] = []

    init() {}

    /// Two arenas of their own for a sample-parallel forward (one per sample, each used by one
    /// thread), created on first use and kept with this one.
    var sampleArenas: [ActivationArena] {
        if children.isEmpty { children = [ActivationArena(), ActivationArena()] }
        return children
    }

    deinit {
        for buffer in buffers { buffer.pointer.deallocate() }
        scratchBuffer?.pointer.deallocate()
        scoresBuffer?.pointer.deallocate()
    }

    /// Starts a forward: buffers are handed out again from the first.
    func reset() { cursor = 0 }

    /// The next activation buffer, at least `count` floats (contents undefined).
    func take(_ count: Int) -> UnsafeMutablePointer<Float> {
        defer { cursor += 1 }
        if cursor < buffers.count {
            if buffers[cursor].capacity >= count { return buffers[cursor].pointer }
            buffers[cursor].pointer.deallocate()
            let pointer = UnsafeMutablePointer<Float>.allocate(capacity: max(count, 1))
            buffers[cursor] = (pointer, count)
            return pointer
        }
        let pointer = UnsafeMutablePointer<Float>.allocate(capacity: max(count, 1))
        buffers.append((pointer, count))
        return pointer
    }

    /// One shared scratch buffer (im2col columns), valid until the next `scratch` call.
    func scratch(_ count: Int) -> UnsafeMutablePointer<Float> {
        ActivationArena.grow(&scratchBuffer, count)
    }

    /// A second shared scratch buffer (attention scores), valid until the next `scores` call.
    func scores(_ count: Int) -> UnsafeMutablePointer<Float> {
        ActivationArena.grow(&scoresBuffer, count)
    }

    /// Floats held, for the benchmark's memory line.
    var floatsHeld: Int {
        buffers.reduce(0) { $0 + $1.capacity } + (scratchBuffer?.capacity ?? 0) + (scoresBuffer?.capacity ?? 0)
            + children.reduce(0) { $0 + $1.floatsHeld }
    }

    private static func grow(_ buffer: inout (pointer: UnsafeMutablePointer<Float>, capacity: Int)?,
                             _ count: Int) -> UnsafeMutablePointer<Float> {
        if let existing = buffer, existing.capacity >= count { return existing.pointer }
        buffer?.pointer.deallocate()
        let pointer = UnsafeMutablePointer<Float>.allocate(capacity: max(count, 1))
        buffer = (pointer, count)
        return pointer
    }
}

/// A batch of feature maps stored channel-major, `[C, N, H, W]`: each channel's N planes side
/// by side, so a convolution over the whole batch is one sgemm with N·H·W columns.
struct FeatureMap {
    var data: UnsafeMutablePointer<Float>
    var channels: Int
    var batch: Int
    var height: Int
    var width: Int

    var pixels: Int { height * width }
    /// Columns of the `[C, N·H·W]` matrix view.
    var columns: Int { batch * height * width }
    var count: Int { channels * columns }
}
