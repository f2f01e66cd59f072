import Foundation
import Imaging
import Testing
@testable import Screening

@Suite("open_nsfw nudity classifier against onnxruntime")
struct NudityClassifierTests {
    @Test("at least 10 golden images, photos and generated ones among them")
    func goldenSetShape() throws {
        let golden = try NudityGolden.load()
        #expect(golden.images.count >= 10)
        #expect(golden.images.filter { $0.image.hasPrefix("photo_") }.count >= 5)
        #expect(golden.images.contains { $0.image.hasPrefix("generated_") || $0.image.hasPrefix("scene_") })
        #expect(golden.tolerance == 1e-3)
    }

    @Test("the 224x224 crop equals Pillow's byte for byte (decode, RGB, bilinear 256, centre crop)")
    func preprocessingMatchesPillow() throws {
        let golden = try NudityGolden.load()
        let classifier = try NudityClassifier.load(modelDirectory: NudityGolden.modelDirectory)
        for item in golden.images {
            let image = try PNGCodec.decode(try NudityGolden.imageData(item.image))
            #expect([image.width, image.height] == item.size, "\(item.image)")
            let crop = try classifier.preprocessor.crop(image)
            var sum = 0, weighted = 0, index = 0
            for pixel in 0..<(crop.width * crop.height) {
                for channel in 0..<3 {
                    let value = Int(crop.pixels[pixel * 4 + channel])
                    sum += value
                    weighted += value * (index % 251 + 1)
                    index += 1
                }
            }
            #expect(sum == item.crop.sum, "\(item.image): crop byte sum")
            #expect(weighted == item.crop.weightedSum, "\(item.image): crop weighted checksum")
        }
    }

    @Test("scores within 1e-3 of onnxruntime (original weights) and 1e-4 of its fp16-weight graph")
    func scoresMatchOnnxRuntime() throws {
        let golden = try NudityGolden.load()
        let classifier = try NudityClassifier.load(modelDirectory: NudityGolden.modelDirectory)
        var worst = (original: 0.0, fp16: 0.0)
        for item in golden.images {
            let score = try classifier.score(try PNGCodec.decode(try NudityGolden.imageData(item.image)))
            #expect(abs(score - item.nsfw) <= golden.tolerance, "\(item.image): \(score) vs onnxruntime \(item.nsfw)")
            #expect(abs(score - item.nsfwFp16Weights) <= golden.toleranceFp16Weights,
                    "\(item.image): \(score) vs onnxruntime with fp16 weights \(item.nsfwFp16Weights)")
            worst = (max(worst.original, abs(score - item.nsfw)), max(worst.fp16, abs(score - item.nsfwFp16Weights)))
        }
        // The figures MODEL_CARD.md quotes.
        print(String(format: "open_nsfw golden: %d images, max |warden - onnxruntime| %.2e (original weights), %.2e (fp16 weights)",
                     golden.images.count, worst.original, worst.fp16))
    }

    @Test("concurrent scoring of the same image gives the same score as a lone call")
    func concurrentScoring() async throws {
        let classifier = try NudityClassifier.load(modelDirectory: NudityGolden.modelDirectory)
        let image = try PNGCodec.decode(try NudityGolden.imageData("photo_astronaut.png"))
        let alone = try classifier.score(image)
        let scores = try await withThrowingTaskGroup(of: Double.self) { group in
            for _ in 0..<3 { group.addTask { try classifier.score(image) } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(scores.count == 3)
        // OpenBLAS may split a call's work differently while another call runs: equal to 1e-6.
        #expect(scores.allSatisfy { abs($0 - alone) <= 1e-6 }, "\(scores) vs \(alone)")
    }

    @Test("every activation buffer starts on a cache line, so the two threads' column panels never share one")
    func workspaceBuffersAreCacheLineAligned() throws {
        let classifier = try NudityClassifier.load(modelDirectory: NudityGolden.modelDirectory)
        for _ in 0..<4 {
            let ws = classifier.network.makeWorkspace()
            for buffer in [ws.input, ws.columns, ws.blockInput, ws.blockOutput, ws.spatial, ws.pooled] {
                #expect(Int(bitPattern: buffer.baseAddress) % NudityWorkspace.cacheLine == 0)
            }
        }
    }
}
