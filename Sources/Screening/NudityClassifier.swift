import Foundation
import Imaging
import Synchronization
import Tensor

/// Yahoo's open_nsfw (ResNet-50-1by2, BSD-2 weights) ported to Swift: the probability that an
/// image is not safe for work, as the reference computes it (onnxruntime on the package's
/// `open-nsfw.onnx`, `jpeg_reencode=False`): see ``NudityPreprocessor`` for the input and
/// ``NudityNetwork`` for the layers.
///
/// ```swift
/// let nudity = try NudityClassifier.load(modelDirectory: modelsURL.appending(path: "nudity"))
/// let p = try nudity.score(image)   // P(nsfw) in [0, 1]
/// ```
///
/// Loading fails closed: `config.json` is read and checked, then the weight file's sha256 is
/// compared with the one the config records before any weight is read. Scoring is thread-safe;
/// activation buffers (about 20 MB each) are pooled and reused across calls.
public final class NudityClassifier: Sendable {
    /// Images above this many pixels are refused (a 16384 x 16384 image; decoded uploads are
    /// far smaller under `ImageLimits.default`).
    public static let maxPixels = 16384 * 16384

    let network: NudityNetwork
    let preprocessor: NudityPreprocessor
    private let workspaces = Mutex<[NudityWorkspace]>([])
    private static let pooledWorkspaces = 2

    init(network: NudityNetwork, preprocessor: NudityPreprocessor) {
        self.network = network
        self.preprocessor = preprocessor
    }

    /// Loads `config.json` and the weights it names from `modelDirectory` (`Models/nudity`).
    public static func load(modelDirectory: URL) throws(ScreeningError) -> NudityClassifier {
        let configuration = try NudityModelConfiguration.load(from: modelDirectory.appendingPathComponent("config.json"))
        let weightsURL = modelDirectory.appendingPathComponent(configuration.weights.file)
        do {
            try ModelIntegrity.verify(weightsURL, sha256: configuration.weights.sha256)
        } catch let .digestMismatch(file, expected, actual) {
            throw .weightsDigestMismatch(file: file, expected: expected, actual: actual)
        } catch {
            throw HeadWeightsFile.screeningError(error, path: weightsURL.path)
        }
        let file = try HeadWeightsFile(url: weightsURL)
        let network = try NudityNetwork(file: file, configuration: configuration)
        return NudityClassifier(network: network, preprocessor: NudityPreprocessor(configuration.preprocessing))
    }

    /// P(nsfw) of `image`, in [0, 1]. Alpha is ignored, as the reference ignores it.
    public func score(_ image: RGBAImage) throws(ScreeningError) -> Double {
        guard image.width * image.height <= Self.maxPixels else {
            throw .imageTooLarge(width: image.width, height: image.height, maxPixels: Self.maxPixels)
        }
        let workspace = workspaces.withLock { $0.popLast() } ?? network.makeWorkspace()
        defer {
            workspaces.withLock { pool in
                if pool.count < Self.pooledWorkspaces { pool.append(workspace) }
            }
        }
        do {
            try preprocessor.write(image, into: workspace.input)
        } catch {
            throw .invalidInput(reason: "image of \(image.width)x\(image.height): \(error)")
        }
        let (sfw, nsfw) = network.logits(workspace)
        guard sfw.isFinite, nsfw.isFinite else { throw .modelOutputNotFinite(model: "open_nsfw") }
        // softmax([sfw, nsfw])[1], in Double
        return 1 / (1 + exp(Double(sfw) - Double(nsfw)))
    }
}
