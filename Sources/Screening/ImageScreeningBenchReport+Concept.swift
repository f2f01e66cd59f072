import Imaging
import Tensor

extension ImageScreeningBenchReport {
    /// The concept encoder's row: `ConceptImageEncoder.embed` end to end (decoded pixels to the
    /// embedding, preprocessing included) and the network alone on a prepared input, on the same
    /// image as the nudity row. There is no reference runtime for this project-trained model.
    public static func measureConcept(encoder: ConceptImageEncoder, image: RGBAImage, minimumSeconds: Double)
        throws(ScreeningError) -> Row {
        let c = encoder.configuration
        let input = try ConceptImageInput.tensor(from: image, size: c.inputSize, mean: c.mean, std: c.std)
        let endToEnd = try time(minimumSeconds: minimumSeconds / 2) { () throws(ScreeningError) in
            _ = try encoder.embed(image)
        }
        let network = try time(minimumSeconds: minimumSeconds / 2) { () throws(ScreeningError) in
            _ = try encoder.embed(input: input)
        }
        return Row(model: "concept encoder", endToEnd: endToEnd, network: network,
                   macs: encoder.multiplyAccumulates, score: nil,
                   reference: .failure(ReferenceUnavailable("no reference runtime (a model trained by this project; "
                                                            + "Models/concept-encoder/golden.py checks it against PyTorch)")))
    }
}

extension ConceptImageEncoder {
    /// Multiply-accumulates of one forward pass: the 3x3 convolutions of every stage and the head.
    public var multiplyAccumulates: Double {
        var macs = 0.0, side = configuration.inputSize, inChannels = 3
        for channels in configuration.channels {
            side /= 2
            let pixels = Double(side * side)
            macs += pixels * 9 * Double(inChannels * channels + channels * channels)
            inChannels = channels
        }
        return macs + Double(inChannels * configuration.hidden + configuration.hidden * configuration.embeddingDim)
    }
}
