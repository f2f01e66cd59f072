import Foundation
import Imaging
import Testing
@testable import Gateway

/// What `warden generate` / `warden edit` run: files written, exit status 3 with the
/// explanation on refusal, the progress bar.
@Suite("Command-line generation")
struct CommandLineGenerationTests {
    @Test("writes one PNG per image (out-1.png, out-2.png) and reports the seed and decisions")
    func writesFiles() async throws {
        let fixture = try await GenerationFixture.make()
        defer { fixture.close() }
        let output = fixture.directory.appendingPathComponent("out.png")
        let request = try ImageGenerationRequest.commandLine(prompt: "a red apple", n: 2, size: 64, seed: 11, steps: 3,
                                                             guidance: nil, negativePrompt: nil)
        let steps = StepLog()
        let report = try await CommandLineGeneration(pipeline: fixture.pipeline).run(request, output: output, json: false) {
            steps.add($0)
        }
        #expect(report.exitCode == 0)
        #expect(report.files.map(\.lastPathComponent) == ["out-1.png", "out-2.png"])
        for file in report.files { #expect(try PNGCodec.decode(Data(contentsOf: file)).width == 64) }
        #expect(report.text.contains("seed 11"))
        #expect(steps.count == 6)   // 3 steps x 2 images
    }

    @Test("a refused prompt exits 3 with the explanation; --json prints the warden object")
    func refuses() async throws {
        let fixture = try await GenerationFixture.make()
        defer { fixture.close() }
        let output = fixture.directory.appendingPathComponent("x.png")
        let request = try ImageGenerationRequest.commandLine(prompt: "a diagram of a pipe bomb in a garage", n: 1, size: 64,
                                                             seed: nil, steps: nil, guidance: nil, negativePrompt: nil)
        let text = try await CommandLineGeneration(pipeline: fixture.pipeline).run(request, output: output, json: false) { _ in }
        #expect(text.exitCode == 3)
        #expect(text.text.hasPrefix("Your request was refused"))
        #expect(text.text.contains("matched \"pipe bomb\""))
        let json = try await CommandLineGeneration(pipeline: fixture.pipeline).run(request, output: output, json: true) { _ in }
        #expect(json.exitCode == 3)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.text.utf8)) as? [String: Any])
        #expect(object["stage"] as? String == "prompt" && object["action"] as? String == "block")
        #expect(!FileManager.default.fileExists(atPath: output.path))
    }

    @Test("bad flags are the API's errors, naming the parameter")
    func badFlags() throws {
        #expect(throws: GatewayError.invalidParameter(name: "size", reason: "size '128x128' is not offered; use \"64x64\" or \"256x256\"")) {
            try ImageGenerationRequest.commandLine(prompt: "a cat", n: 1, size: 128, seed: nil, steps: nil, guidance: nil,
                                                   negativePrompt: nil)
        }
        #expect(throws: GatewayError.self) {
            try ImageGenerationRequest.commandLine(prompt: "a cat", n: 9, size: 64, seed: nil, steps: nil, guidance: nil,
                                                   negativePrompt: nil)
        }
    }

    @Test("--mask-rect makes a mask transparent inside the rectangle; a rectangle outside the image is refused")
    func maskRectangle() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("warden-mask-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("in.png")
        try solidPNG(size: 64, (1, 2, 3)).write(to: file)
        let request = try ImageGenerationRequest.commandLine(prompt: "a red apple", n: 1, size: 64, seed: nil, steps: nil,
                                                             guidance: nil, negativePrompt: nil, imageFile: file.path,
                                                             maskRectangle: "8,16,10,4")
        let mask = try PNGCodec.decode(try #require(request.edit?.maskPNG))
        #expect(mask.pixel(x: 8, y: 16)[3] == 0 && mask.pixel(x: 17, y: 19)[3] == 0)
        #expect(mask.pixel(x: 18, y: 16)[3] == 255 && mask.pixel(x: 8, y: 20)[3] == 255)
        for bad in ["60,60,10,10", "1,2,3", "-1,0,4,4"] {
            #expect(throws: GatewayError.self) {
                try ImageGenerationRequest.commandLine(prompt: "a red apple", n: 1, size: 64, seed: nil, steps: nil,
                                                       guidance: nil, negativePrompt: nil, imageFile: file.path,
                                                       maskRectangle: bad)
            }
        }
    }

    @Test("the progress bar fills with the steps")
    func progressBar() {
        let bar = GenerationProgressBar(imageCount: 2, width: 10)
        #expect(bar.render(GenerationStep(stage: "base", step: 5, totalSteps: 10, imageIndex: 1))
                == "base      [#####.....]   5/10  image 2/2")
        #expect(bar.render(GenerationStep(stage: "upsampler", step: 10, totalSteps: 10, imageIndex: 0))
                == "upsampler [##########]  10/10  image 1/2")
    }
}

/// Counts progress callbacks from another thread.
final class StepLog: @unchecked Sendable {
    private let lock = NSLock()
    private var steps: [GenerationStep] = []
    func add(_ step: GenerationStep) { lock.lock(); steps.append(step); lock.unlock() }
    var count: Int { lock.lock(); defer { lock.unlock() }; return steps.count }
}
