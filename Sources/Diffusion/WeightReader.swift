import Foundation
import Tensor

/// Reads a UNet's tensors from its safetensors file by the checkpoint's own key names
/// (`unet.py`'s PyTorch module names), checking each shape, and collects every missing key,
/// wrong shape and unexpected key so one error lists them all.
final class WeightReader {
    private let file: SafeTensorsFile
    private(set) var read: Set<String> = []
    private var missing: [String] = []
    private var wrongShapes: [String] = []

    /// Verifies the file's sha256 against `sha256` before anything is read (fail closed).
    init(url: URL, sha256: String) throws(DiffusionError) {
        do {
            try ModelIntegrity.verify(url, sha256: sha256)
            file = try SafeTensorsFile(url: url)
        } catch let error as TensorError {
            throw .weightsUnavailable(file: url.path, reason: error.description)
        } catch {
            throw .weightsUnavailable(file: url.path, reason: "\(error)")
        }
    }

    /// Tensor `name` as Float32 with `shape`; a missing or misshapen tensor is recorded and
    /// zeros are returned so the rest of the model can still be checked.
    func tensor(_ name: String, _ shape: [Int]) -> [Float] {
        read.insert(name)
        guard let entry = file.entries[name] else {
            missing.append(name)
            return [Float](repeating: 0, count: Tensor.count(of: shape))
        }
        guard entry.shape == shape else {
            wrongShapes.append("\(name) is \(entry.shape), expected \(shape)")
            return [Float](repeating: 0, count: Tensor.count(of: shape))
        }
        do { return try file.tensor(named: name).data } catch {
            wrongShapes.append("\(name) unreadable: \(error)")
            return [Float](repeating: 0, count: Tensor.count(of: shape))
        }
    }

    /// A linear layer `name.weight [out, in]` and `name.bias [out]`.
    func linear(_ name: String, out: Int, in inFeatures: Int) -> LinearWeights {
        LinearWeights(weight: tensor("\(name).weight", [out, inFeatures]), bias: tensor("\(name).bias", [out]),
                      outFeatures: out, inFeatures: inFeatures)
    }

    /// A convolution `name.weight [out, in, k, k]` and `name.bias [out]`.
    func conv(_ name: String, out: Int, in inChannels: Int, kernel: Int) -> ConvWeights {
        ConvWeights(weight: tensor("\(name).weight", [out, inChannels, kernel, kernel]), bias: tensor("\(name).bias", [out]),
                    outChannels: out, inChannels: inChannels, kernel: kernel)
    }

    /// A GroupNorm's `name.weight` and `name.bias`, both `[channels]`.
    func norm(_ name: String, channels: Int) -> NormWeights {
        NormWeights(weight: tensor("\(name).weight", [channels]), bias: tensor("\(name).bias", [channels]))
    }

    /// Throws `weightsUnavailable` listing missing, misshapen and unexpected keys, if any.
    func finish() throws(DiffusionError) {
        let unexpected = file.names.filter { !read.contains($0) }
        guard missing.isEmpty, wrongShapes.isEmpty, unexpected.isEmpty else {
            var parts: [String] = []
            if !missing.isEmpty { parts.append("missing keys: \(missing.joined(separator: ", "))") }
            if !wrongShapes.isEmpty { parts.append("wrong shapes: \(wrongShapes.joined(separator: "; "))") }
            if !unexpected.isEmpty { parts.append("unexpected keys: \(unexpected.joined(separator: ", "))") }
            throw .weightsUnavailable(file: file.path, reason: parts.joined(separator: "; "))
        }
    }
}

struct LinearWeights: Sendable {
    var weight: [Float]   // [out, in]
    var bias: [Float]     // [out]
    var outFeatures: Int
    var inFeatures: Int
    /// `weight` packed for `PointwiseConvolution` (the layer applied to every pixel of a map).
    var packed: [Float]

    init(weight: [Float], bias: [Float], outFeatures: Int, inFeatures: Int) {
        self.weight = weight
        self.bias = bias
        self.outFeatures = outFeatures
        self.inFeatures = inFeatures
        packed = weight.count == outFeatures * inFeatures
            ? PointwiseConvolution.pack(weight, outChannels: outFeatures, inChannels: inFeatures) : []
    }
}

struct ConvWeights: Sendable {
    var weight: [Float]   // [out, in, k, k]
    var bias: [Float]     // [out]
    var outChannels: Int
    var inChannels: Int
    var kernel: Int
    /// `weight` packed for `DirectConvolution` (3x3) or `PointwiseConvolution` (1x1); else empty.
    var packed: [Float]

    init(weight: [Float], bias: [Float], outChannels: Int, inChannels: Int, kernel: Int) {
        self.weight = weight
        self.bias = bias
        self.outChannels = outChannels
        self.inChannels = inChannels
        self.kernel = kernel
        let complete = weight.count == outChannels * inChannels * kernel * kernel
        if complete && kernel == 3 {
            packed = DirectConvolution.pack(weight, outChannels: outChannels, inChannels: inChannels)
        } else if complete && kernel == 1 {
            packed = PointwiseConvolution.pack(weight, outChannels: outChannels, inChannels: inChannels)
        } else {
            packed = []
        }
    }
}

struct NormWeights: Sendable {
    var weight: [Float]
    var bias: [Float]
}
