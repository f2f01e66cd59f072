import Foundation

extension ImageGenerationRequest {
    /// A request from command-line flags, checked against the same limits as the API (the error
    /// names the flag's parameter). `size` is the side (64 or 256).
    public static func commandLine(prompt: String, n: Int, size: Int, seed: UInt64?, steps: Int?, guidance: Float?,
                                   negativePrompt: String?, imageFile: String? = nil, maskFile: String? = nil,
                                   limits: GenerationLimits = GenerationLimits()) throws(GatewayError) -> ImageGenerationRequest {
        var fields = RequestFields()
        fields.prompt = prompt
        fields.n = n
        fields.size = "\(size)x\(size)"
        fields.seed = seed.map { Int(clamping: $0) }
        fields.steps = steps
        fields.guidance = guidance.map(Double.init)
        fields.negativePrompt = negativePrompt
        var edit: EditUpload?
        if let imageFile {
            edit = EditUpload(imagePNG: try read(imageFile, name: "image"), maskPNG: try maskFile.map { path throws(GatewayError) in try read(path, name: "mask") })
        }
        var request = try fields.validated(limits: limits, edit: edit)
        request.seed = seed
        return request
    }

    static func read(_ path: String, name: String) throws(GatewayError) -> Data {
        do { return try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw .unreadableFile(path: path, reason: "\(name): \(error.localizedDescription)")
        }
    }
}
