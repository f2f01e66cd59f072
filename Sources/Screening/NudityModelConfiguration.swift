import Foundation

/// The parts of `Models/nudity/config.json` (written by `Models/nudity/convert.py`) that the
/// Swift port reads: stage layout, preprocessing, and the weight file with its sha256.
/// Everything the port hard-codes (7x7 stem, 3x3 max-pool padded bottom/right, bottleneck
/// blocks, BGR order, no scaling) is checked against the file, so a config describing another
/// network is refused instead of run wrongly.
struct NudityModelConfiguration: Decodable, Sendable {
    struct Stem: Decodable, Sendable {
        var conv: String
        var outChannels: Int
        var kernel: Int
        var stride: Int
        var pads: [Int]
        var maxPool: MaxPool
        struct MaxPool: Decodable, Sendable {
            var kernel: Int
            var stride: Int
            var padsTopLeftBottomRight: [Int]
        }
    }
    struct Stage: Decodable, Sendable {
        var width: Int
        var outChannels: Int
        var blocks: Int
        var stride: Int
    }
    struct Preprocessing: Decodable, Sendable {
        struct Resize: Decodable, Sendable { var width: Int; var height: Int; var filter: String }
        var resize: Resize
        var centerCrop: Int
        var channelOrder: String
        var mean: [Float]
        var scale: Float
        var layout: String
    }
    struct Weights: Decodable, Sendable {
        var file: String
        var dtype: String
        var sha256: String
    }

    var architecture: String
    var stem: Stem
    var stages: [Stage]
    var preprocessing: Preprocessing
    var weights: Weights

    /// Reads and checks `config.json`.
    static func load(from url: URL) throws(ScreeningError) -> NudityModelConfiguration {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw .modelFileUnreadable(path: url.path, reason: error.localizedDescription)
        }
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        let configuration: NudityModelConfiguration
        do {
            configuration = try decoder.decode(NudityModelConfiguration.self, from: data)
        } catch {
            throw .configInvalid(file: url.path, reason: "\(error)")
        }
        try configuration.check(file: url.path)
        return configuration
    }

    /// Refuses a configuration the port does not implement, naming the field.
    func check(file: String) throws(ScreeningError) {
        func require(_ condition: Bool, _ reason: String) throws(ScreeningError) {
            if !condition { throw .configInvalid(file: file, reason: reason) }
        }
        try require(architecture == "resnet50_1by2", "architecture \(architecture), expected resnet50_1by2")
        try require(stem.kernel == 7 && stem.stride == 2 && stem.pads == [3, 3, 3, 3] && stem.outChannels > 0,
                    "stem must be a 7x7 stride-2 convolution padded 3")
        try require(stem.maxPool.kernel == 3 && stem.maxPool.stride == 2 && stem.maxPool.padsTopLeftBottomRight == [0, 0, 1, 1],
                    "stem max-pool must be 3x3 stride 2 padded [0, 0, 1, 1]")
        try require(!stages.isEmpty && stages.allSatisfy { $0.width > 0 && $0.blocks > 0 && $0.outChannels == 4 * $0.width
                                                           && ($0.stride == 1 || $0.stride == 2) },
                    "stages need width > 0, blocks > 0, out_channels = 4 x width, stride 1 or 2")
        let p = preprocessing
        try require(p.resize.width > 0 && p.resize.height > 0 && p.resize.filter == "bilinear",
                    "resize must be bilinear to a positive size")
        try require(p.centerCrop > 0 && p.centerCrop <= min(p.resize.width, p.resize.height),
                    "center_crop \(p.centerCrop) does not fit the \(p.resize.width)x\(p.resize.height) resize")
        try require(p.channelOrder == "BGR" && p.mean.count == 3 && p.scale == 1 && p.layout == "NHWC",
                    "preprocessing must be BGR, 3 means, scale 1, NHWC")
        try require(weights.sha256.count == 64 && weights.sha256.allSatisfy(\.isHexDigit),
                    "weights.sha256 is not a hex SHA-256")
        try require(!weights.file.contains("/"), "weights.file must name a file beside config.json")
    }
}
