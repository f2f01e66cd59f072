import Tensor

extension UNet {
    /// One network evaluation on a batch.
    ///
    /// With two samples (the classifier-free-guidance pair) and two or more threads, each sample
    /// runs its own batch-1 forward on its own thread, with single-threaded kernels and its own
    /// half of `arena`: every layer treats samples independently (group norm, attention and the
    /// convolutions are per sample), so this is the same arithmetic with one hand-off per forward
    /// instead of one per layer (the base UNet's 64x64-and-smaller layers are too small for
    /// per-layer splitting to pay). Other batches go through `forwardBatch`.
    ///
    /// - Parameters:
    ///   - input: `[N, inChannels, height, width]` (NCHW, samples one after another).
    ///   - t: network time input, `timestep / 1000`.
    ///   - augmentation: the upsampler's noise-augmentation level, `aug_timestep / 1000`.
    ///   - output: `[N, outChannels, height, width]` (NCHW), the v-prediction.
    func forward(_ input: UnsafePointer<Float>, height: Int, width: Int, t: Float, augmentation: Float?,
                 context: UNetTextContext, arena: ActivationArena, output: UnsafeMutablePointer<Float>) {
        guard context.batch == 2, ParallelKernels.threads > 1, !ParallelKernels.serial else {
            forwardBatch(input, height: height, width: width, t: t, augmentation: augmentation,
                         context: context, arena: arena, output: output)
            return
        }
        let arenas = arena.sampleArenas
        let contexts = [context.sample(0), context.sample(1)]
        let inputCount = configuration.inputChannels * height * width
        let outputCount = configuration.outputChannels * height * width
        ParallelKernels.run(2) { n in
            ParallelKernels.$serial.withValue(true) {
                self.forwardBatch(input + n * inputCount, height: height, width: width, t: t, augmentation: augmentation,
                             context: contexts[n], arena: arenas[n], output: output + n * outputCount)
            }
        }
    }
}
