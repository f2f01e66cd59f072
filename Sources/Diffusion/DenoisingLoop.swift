/// One stage of the cascade for one image: the sampler loop with classifier-free guidance over
/// a UNet, its text context and buffers prepared once and reused for every step.
struct DenoisingLoop {
    let unet: UNet
    let context: UNetTextContext   // batch [negative, prompt] with guidance, [prompt] without
    let guidance: Float?           // nil = no guidance (one evaluation per step)
    let arena = ActivationArena()

    init(unet: UNet, prompt: TextConditioning, negative: TextConditioning, guidance: Float) {
        self.unet = unet
        let guided = guidance != 1
        self.guidance = guided ? guidance : nil
        context = unet.prepare(guided ? [negative, prompt] : [prompt])
    }

    /// Runs `sampler` from `sample` (x_T, `[3, H, W]`) with `extraChannels` (`[inChannels − 3, H, W]`,
    /// the same every step) appended to the network input. `onStep(k, x)` after each step with the sample; false stops.
    func run(sample: inout [Float], extraChannels: [Float], height: Int, width: Int,
             sampler: inout any DiffusionSampler, augmentation: Float?, noise: inout GaussianNoise,
             onStep: (Int, [Float]) -> Bool) throws(DiffusionError) {
        let batch = context.batch
        let pixels = height * width
        let inChannels = unet.configuration.inputChannels
        precondition(sample.count == 3 * pixels && extraChannels.count == (inChannels - 3) * pixels,
                     "DenoisingLoop: sample/extra channels do not match \(inChannels) x \(height) x \(width)")
        var input = [Float](repeating: 0, count: batch * inChannels * pixels)
        for n in 0..<batch {
            let base = n * inChannels * pixels + 3 * pixels
            input.replaceSubrange(base..<(base + extraChannels.count), with: extraChannels)
        }
        var output = [Float](repeating: 0, count: batch * 3 * pixels)
        var velocity = [Float](repeating: 0, count: 3 * pixels)
        for (index, timestep) in sampler.timesteps.enumerated() {
            for n in 0..<batch {
                input.replaceSubrange((n * inChannels * pixels)..<(n * inChannels * pixels + 3 * pixels), with: sample)
            }
            input.withUnsafeBufferPointer { i in
                output.withUnsafeMutableBufferPointer { o in
                    unet.forward(i.baseAddress!, height: height, width: width, t: Float(timestep) / 1000,
                                 augmentation: augmentation, context: context, arena: arena, output: o.baseAddress!)
                }
            }
            if let w = guidance {
                // v = v_neg + w (v_prompt − v_neg); batch order [negative, prompt].
                for i in 0..<(3 * pixels) {
                    let unconditional = output[i]
                    velocity[i] = unconditional + w * (output[3 * pixels + i] - unconditional)
                }
            } else {
                velocity.replaceSubrange(0..<(3 * pixels), with: output[0..<(3 * pixels)])
            }
            sampler.step(velocity: velocity, index: index, sample: &sample, noise: &noise)
            guard onStep(index + 1, sample) else { throw .cancelled }
        }
    }
}
