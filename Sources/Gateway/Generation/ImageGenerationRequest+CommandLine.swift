import Foundation
import Imaging

extension ImageGenerationRequest {
    /// A request from command-line flags, checked against the same limits as the API (the error
    /// names the flag's parameter). `size` is the side (64 or 256).
    public static func commandLine(prompt: String, n: Int, size: Int, seed: UInt64?, steps: Int?, guidance: Float?,
                                   negativePrompt: String?, imageFile: String? = nil, maskFile: String? = nil,
                                   maskRectangle: String? = nil,
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
            let imagePNG = try read(imageFile, name: "image")
            var maskPNG = try maskFile.map { path throws(GatewayError) in try read(path, name: "mask") }
            if let maskRectangle {
                guard maskPNG == nil else {
                    throw .invalidParameter(name: "mask", reason: "give --mask or --mask-rect, not both")
                }
                maskPNG = try rectangleMask(maskRectangle, imagePNG: imagePNG, limits: limits)
            }
            edit = EditUpload(imagePNG: imagePNG, maskPNG: maskPNG)
        }
        var request = try fields.validated(limits: limits, edit: edit)
        request.seed = seed
        return request
    }

    /// A mask PNG the size of the image, transparent inside `x,y,width,height` (pixels).
    static func rectangleMask(_ text: String, imagePNG: Data, limits: GenerationLimits) throws(GatewayError) -> Data {
        let numbers = text.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard numbers.count == 4, let x = numbers[0], let y = numbers[1], let width = numbers[2], let height = numbers[3],
              x >= 0, y >= 0, width > 0, height > 0 else {
            throw .invalidParameter(name: "mask", reason: "--mask-rect is 'x,y,width,height' in pixels, got '\(text)'")
        }
        do {
            let size = try PNGCodec.dimensions(of: imagePNG)
            guard x + width <= size.width, y + height <= size.height else {
                throw GatewayError.invalidParameter(name: "mask", reason: "the rectangle \(text) does not fit in the \(size.width)x\(size.height) image")
            }
            var mask = try RGBAImage(width: size.width, height: size.height, fill: (0, 0, 0, 255))
            for row in y..<(y + height) { for column in x..<(x + width) { mask.pixels[mask.offset(x: column, y: row) + 3] = 0 } }
            return try PNGCodec.encode(mask)
        } catch let error as GatewayError {
            throw error
        } catch {
            throw .invalidParameter(name: "image", reason: "the image is not a usable PNG: \(error)")
        }
    }

    static func read(_ path: String, name: String) throws(GatewayError) -> Data {
        do { return try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw .unreadableFile(path: path, reason: "\(name): \(error.localizedDescription)")
        }
    }
}
