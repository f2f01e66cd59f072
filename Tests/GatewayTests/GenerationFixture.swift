import Audit
import Foundation
import Imaging
import Logging
@testable import Gateway

/// A generator for route tests: paints every image one colour chosen by the test (from the
/// job and the image index), calls `progress` per step like the diffusion runtime, honours
/// cancellation, and keeps an edit's unmasked pixels. It stands in for the diffusion cascade so
/// route tests run in milliseconds; the real cascade has its own end-to-end test.
final class PaintingGenerator: ImageGenerator, @unchecked Sendable {
    // @unchecked: the counters change only under `lock`.
    private let lock = NSLock()
    private var calls = 0
    private var cancelledCalls = 0
    private var startedFlag = false
    let colour: @Sendable (GenerationJob, Int) -> (UInt8, UInt8, UInt8)
    let secondsPerStep: Double
    /// When set, the first step waits until the test opens it (still reporting progress, so a
    /// cancellation is seen): tests control when a job is running without timing.
    let gate: Gate?
    let defaultSteps = 4
    let defaultGuidance: Float = 3

    init(secondsPerStep: Double = 0, gate: Gate? = nil,
         colour: @escaping @Sendable (GenerationJob, Int) -> (UInt8, UInt8, UInt8) = { _, _ in (40, 90, 200) }) {
        self.secondsPerStep = secondsPerStep
        self.gate = gate
        self.colour = colour
    }

    var callCount: Int { lock.lock(); defer { lock.unlock() }; return calls }
    var cancelledCount: Int { lock.lock(); defer { lock.unlock() }; return cancelledCalls }
    var started: Bool { lock.lock(); defer { lock.unlock() }; return startedFlag }

    func generate(_ job: GenerationJob, progress: @Sendable (GenerationStep) -> Bool) throws -> [RGBAImage] {
        lock.lock(); calls += 1; startedFlag = true; lock.unlock()
        while let gate, !gate.isOpen {
            guard progress(GenerationStep(stage: "base", step: 0, totalSteps: job.steps, imageIndex: 0)) else {
                lock.lock(); cancelledCalls += 1; lock.unlock()
                throw GatewayError.generationCancelled(stage: "base step 0")
            }
            Thread.sleep(forTimeInterval: 0.005)
        }
        var images: [RGBAImage] = []
        for index in 0..<job.imageCount {
            for step in 1...job.steps {
                if secondsPerStep > 0 { Thread.sleep(forTimeInterval: secondsPerStep) }
                guard progress(GenerationStep(stage: "base", step: step, totalSteps: job.steps, imageIndex: index)) else {
                    lock.lock(); cancelledCalls += 1; lock.unlock()
                    throw GatewayError.generationCancelled(stage: "base step \(step)")
                }
            }
            let (red, green, blue) = colour(job, index)
            var image = try RGBAImage(width: job.size, height: job.size, fill: (red, green, blue, 255))
            if let edit = job.edit {
                for pixel in 0..<(job.size * job.size) where edit.mask.weights[pixel] < 0.5 {
                    for channel in 0..<4 { image.pixels[pixel * 4 + channel] = edit.image.pixels[pixel * 4 + channel] }
                }
            }
            images.append(image)
        }
        return images
    }
}

/// A latch a test opens once.
final class Gate: @unchecked Sendable {
    // @unchecked: `open` only under `lock`.
    private let lock = NSLock()
    private var open = false
    var isOpen: Bool { lock.lock(); defer { lock.unlock() }; return open }
    func release() { lock.lock(); open = true; lock.unlock() }
}

/// An image screen for route tests: scores from the image's first transparent-free pixel by a
/// rule the test gives (e.g. "pure red is nudity 0.95").
struct ColourScreen: ImageSafetyScreen {
    let rule: @Sendable (_ red: UInt8, _ green: UInt8, _ blue: UInt8) -> (nudity: Double, concepts: [String: Double])

    init(rule: @escaping @Sendable (UInt8, UInt8, UInt8) -> (nudity: Double, concepts: [String: Double]) = { _, _, _ in (0.01, [:]) }) {
        self.rule = rule
    }

    func screen(_ image: RGBAImage, concepts: [String]) throws -> ImageSafetyReport {
        // The centre pixel: an edit keeps the border of its input, the centre is new.
        let centre = image.pixel(x: image.width / 2, y: image.height / 2)
        let (nudity, scores) = rule(centre[0], centre[1], centre[2])
        var conceptScores: [String: Double] = [:]
        for concept in concepts { conceptScores[concept] = scores[concept] ?? 0.02 }
        return ImageSafetyReport(nudityScore: nudity, conceptScores: conceptScores, milliseconds: 0.1)
    }
}

/// A temporary data directory with an audit log, a request store and the pipeline over the
/// repository's real prompt models and default policy.
struct GenerationFixture {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let paths = WardenPaths(policies: root.appendingPathComponent("Policies"),
                                   models: root.appendingPathComponent("Models"))
    /// Loaded once for every test (immutable).
    static let moderator = Result { try PromptModerator.load(paths: paths) }
    static let quiet = Logger(label: "warden.test") { _ in SwiftLogNoOpLogHandler() }

    let directory: URL
    let audit: AuditLog
    let store: RequestStore
    let pipeline: GuardedGeneration
    let router: Router
    let metrics: GatewayMetrics
    /// Keys: a client (the image routes) and a reviewer (the review routes).
    let client: String
    let reviewer: String

    /// The image and review routes over a fresh data directory, behind real API keys
    /// (rate limit off, so polling loops are not throttled).
    static func make(generator: Result<any ImageGenerator, GatewayFailure> = .success(PaintingGenerator()),
                     screen: Result<any ImageSafetyScreen, GatewayFailure> = .success(ColourScreen()),
                     queue: GenerationQueue = GenerationQueue()) async throws -> GenerationFixture {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("warden-generation-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let audit = try AuditLog.open(dataDirectory: directory)
        let store = try RequestStore(dataDirectory: directory)
        let keys = try APIKeyStore(dataDirectory: directory)
        let metrics = GatewayMetrics()
        let pipeline = GuardedGeneration(moderator: try Self.moderator.get(), generator: generator, imageScreen: screen,
                                         queue: queue, audit: audit, store: store, metrics: metrics, logger: Self.quiet)
        let services = GenerationServices(
            images: ImageGenerationService(pipeline: .success(pipeline), store: store, audit: audit, logger: Self.quiet),
            reviews: ReviewService(pipeline: .success(pipeline), store: store, audit: audit))
        var router = Router(access: AccessControl(keys: keys, limiter: RateLimiter(configuration: .init(requestsPerSecond: 0)),
                                                  logger: Self.quiet),
                            metrics: metrics)
        services.register(in: &router)
        return GenerationFixture(directory: directory, audit: audit, store: store, pipeline: pipeline, router: router,
                                 metrics: metrics,
                                 client: try await keys.create(roles: [.client], name: "client").secret,
                                 reviewer: try await keys.create(roles: [.reviewer], name: "reviewer").secret)
    }

    func close() {
        audit.close()
        try? FileManager.default.removeItem(at: directory)
    }

    /// Sends a request with `key` (default: the client key; nil: none).
    func send(_ method: HTTPMethod, _ path: String, key: String?? = .none, query: [String: String] = [:],
              headers: [String: String] = [:], body: Data = Data(),
              cancellation: RequestCancellation = RequestCancellation()) async -> HTTPResponse {
        var headers = headers
        headers["host"] = headers["host"] ?? "warden.test:8080"
        if let key = key ?? client { headers["authorization"] = "Bearer \(key)" }
        return await router.respond(to: HTTPRequest(method: method, path: path, query: query, headers: headers, body: body,
                                                    cancellation: cancellation))
    }

    func post(_ path: String, json: String, cancellation: RequestCancellation = RequestCancellation()) async -> HTTPResponse {
        await send(.post, path, headers: ["content-type": "application/json"], body: Data(json.utf8), cancellation: cancellation)
    }

    func postForm(_ path: String, _ form: MultipartBody) async -> HTTPResponse {
        await send(.post, path, headers: ["content-type": form.contentType], body: form.data)
    }

    func get(_ path: String) async -> HTTPResponse {
        await send(.get, path)
    }

    /// A reviewer's request.
    func review(_ method: HTTPMethod, _ path: String, query: [String: String] = [:], body: String? = nil) async -> HTTPResponse {
        await send(method, path, key: reviewer, query: query, body: Data((body ?? "").utf8))
    }

    /// Polls `GET /v1/requests/{id}` until it is no longer 202 (at most `seconds`).
    func pollUntilDone(_ id: String, seconds: Double = 10) async throws -> HTTPResponse {
        let deadline = Date().addingTimeInterval(seconds)
        var response = await get("/v1/requests/\(id)")
        while response.status == 202, Date() < deadline {
            try await Task.sleep(nanoseconds: 20_000_000)
            response = await get("/v1/requests/\(id)")
        }
        return response
    }
}

/// A multipart/form-data body built for tests.
struct MultipartBody {
    var boundary = "warden-test-\(UUID().uuidString)"
    var data = Data()

    var contentType: String { "multipart/form-data; boundary=\(boundary)" }

    mutating func field(_ name: String, _ value: String) {
        data.append(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n".utf8))
    }

    mutating func file(_ name: String, filename: String = "image.png", contentType: String = "image/png", _ bytes: Data) {
        data.append(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"; filename=\"\(filename)\"\r\nContent-Type: \(contentType)\r\n\r\n".utf8))
        data.append(bytes)
        data.append(Data("\r\n".utf8))
    }

    func finished() -> MultipartBody {
        var copy = self
        copy.data.append(Data("--\(boundary)--\r\n".utf8))
        return copy
    }
}

extension HTTPResponse {
    var warden: [String: Any]? { object?["warden"] as? [String: Any] }
}

/// A PNG of one colour, with a transparent square in the middle when `hole` is set.
func solidPNG(size: Int, _ colour: (UInt8, UInt8, UInt8), hole: Bool = false) throws -> Data {
    var image = try RGBAImage(width: size, height: size, fill: (colour.0, colour.1, colour.2, 255))
    if hole {
        for y in size / 4..<(3 * size / 4) { for x in size / 4..<(3 * size / 4) { image.pixels[image.offset(x: x, y: y) + 3] = 0 } }
    }
    return try PNGCodec.encode(image)
}
