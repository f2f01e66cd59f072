/// The stage of the pipeline a decision is made at.
public enum Stage: String, Codable, Sendable, CaseIterable {
    /// The prompt, before generation.
    case prompt
    /// An image the caller uploaded (edits).
    case inputImage = "input_image"
    /// An image the generator produced.
    case outputImage = "output_image"
}
