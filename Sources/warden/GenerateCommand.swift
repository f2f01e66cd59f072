import ArgumentParser
import Foundation
import Gateway
import Logging

/// Flags shared by `warden generate` and `warden edit`.
struct GenerationOptions: ParsableArguments {
    @Option(name: .shortAndLong, help: "Output PNG (with --n above 1: OUT-1.png, OUT-2.png, ...).")
    var output: String

    @Option(help: "Seed (same seed, same image). Default: random.")
    var seed: UInt64?

    @Option(help: "Denoising steps (default: the generator's).")
    var steps: Int?

    @Option(help: "Image side: 64 or 256.")
    var size: Int = 64

    @Option(help: "Images to make, 1 to 4.")
    var n: Int = 1

    @Option(help: "Classifier-free guidance scale (default: the generator's).")
    var guidance: Float?

    @Option(help: "What to steer away from.")
    var negativePrompt: String?

    @Flag(help: "Print JSON: on refusal the API's `warden` object, on success the files and decisions.")
    var json = false

    @Option(help: "Directory for the audit database, stored images and held requests.")
    var dataDir: String = "./var"

    @Option(help: "Policies folder (default: found from the working directory or the executable).")
    var policies: String?

    @Option(help: "Models folder (default: found from the working directory or the executable).")
    var models: String?

    /// Runs `request` through the guarded pipeline with a progress bar on standard error.
    func run(_ request: ImageGenerationRequest) async throws {
        let generation = try CommandLineGeneration(paths: WardenPaths.locate(policies: policies, models: models),
                                                   dataDirectory: URL(fileURLWithPath: dataDir),
                                                   logger: Logger(label: "warden.generate"))
        let bar = GenerationProgressBar(imageCount: request.n)
        let showProgress = isatty(STDERR_FILENO) != 0 && !json
        defer { generation.close() }
        let report = try await generation.run(request, output: URL(fileURLWithPath: output), json: json) { step in
            guard showProgress else { return }
            FileHandle.standardError.write(Data(("\r" + bar.render(step)).utf8))
            if step.step == step.totalSteps { FileHandle.standardError.write(Data("\n".utf8)) }
        }
        print(report.text)
        if report.exitCode != 0 { throw ExitCode(report.exitCode) }
    }
}

/// `warden generate PROMPT -o out.png`: the guarded pipeline from the command line.
struct GenerateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Generate images through the guarded pipeline (screening, policy, generator, image screening, audit).",
        discussion: "Exit status 3: the request was refused or held for review; the explanation is printed.")

    @Argument(help: "The prompt.")
    var prompt: String

    @OptionGroup var options: GenerationOptions

    func run() async throws {
        let request = try ImageGenerationRequest.commandLine(
            prompt: prompt, n: options.n, size: options.size, seed: options.seed, steps: options.steps,
            guidance: options.guidance, negativePrompt: options.negativePrompt)
        try await options.run(request)
    }
}

/// `warden edit --image in.png --mask mask.png PROMPT -o out.png`: an inpainting edit, with the
/// uploaded image screened too.
struct EditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "edit",
        abstract: "Edit an image through the guarded pipeline: transparent pixels of the mask are the region to change.",
        discussion: "Exit status 3: the request was refused or held for review; the explanation is printed.")

    @Option(help: "The PNG to edit (square).")
    var image: String

    @Option(help: "A PNG of the same size whose transparent pixels mark the region to change (default: the image's own transparency).")
    var mask: String?

    @Option(help: "The region to change as 'x,y,width,height' in pixels (instead of --mask).")
    var maskRect: String?

    @Argument(help: "The prompt.")
    var prompt: String

    @OptionGroup var options: GenerationOptions

    func run() async throws {
        let request = try ImageGenerationRequest.commandLine(
            prompt: prompt, n: options.n, size: options.size, seed: options.seed, steps: options.steps,
            guidance: options.guidance, negativePrompt: options.negativePrompt, imageFile: image, maskFile: mask,
            maskRectangle: maskRect)
        try await options.run(request)
    }
}
