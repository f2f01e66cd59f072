import Foundation
import Logging
import Testing
@testable import Gateway

/// The admin console in a real browser: Debian's `chromium` driven by `chromium-driver` from
/// `Tests/Browser/console_browser_test.py` (selenium, in a venv the script makes) against a
/// Warden serving on a free port over a fresh temporary data directory.
///
/// The server is the real one (HTTP server, router, keys, admin routes, prompt screening
/// models, default policy, audit log, request store, console files); only the diffusion
/// generator and the image screen are the route tests' stand-ins (`PaintingGenerator`,
/// `ColourScreen`), so held and generated requests exist without the image models.
///
/// Skipped, with the reason, when chromium, chromedriver or python3 is missing (`make deps`
/// does not install them: `apt-get install chromium chromium-driver`). Screenshots go to a
/// temporary folder, or to `$WARDEN_CONSOLE_SCREENSHOTS` (`make console-screenshots` writes
/// docs/console/).
@Suite("Admin console in Chromium", .serialized)
struct AdminConsoleBrowserTests {
    /// Debian's paths; `WARDEN_CHROMIUM` / `WARDEN_CHROMEDRIVER` override them.
    static let chromium = ProcessInfo.processInfo.environment["WARDEN_CHROMIUM"] ?? "/usr/bin/chromium"
    static let chromedriver = ProcessInfo.processInfo.environment["WARDEN_CHROMEDRIVER"] ?? "/usr/bin/chromedriver"
    static let script = TestGateway.root.appendingPathComponent("Tests/Browser/console_browser_test.py")

    /// python3 on the PATH, or nil.
    static let python: String? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/python3" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    static var toolsPresent: Bool {
        FileManager.default.isExecutableFile(atPath: chromium) && FileManager.default.isExecutableFile(atPath: chromedriver)
            && python != nil
    }

    static var skipReason: Comment {
        """
        SKIPPED: the admin console browser test needs Debian's chromium and chromium-driver \
        (\(chromium), \(chromedriver)) and python3; install them with \
        `apt-get install chromium chromium-driver` to run it
        """
    }

    @Test("log in, filter the log, open a record, approve a held request, invalid and valid policy edits, replay, rollback",
          .enabled(if: toolsPresent, skipReason), .timeLimit(.minutes(5)))
    func walkThrough() async throws {
        let server = try await ConsoleTestServer.start()
        defer { server.stop() }
        let seeded = try await server.seed()

        let screenshots = ProcessInfo.processInfo.environment["WARDEN_CONSOLE_SCREENSHOTS"].map {
            $0.hasPrefix("/") ? URL(fileURLWithPath: $0) : TestGateway.root.appendingPathComponent($0)
        } ?? server.directory.appendingPathComponent("screenshots")
        let run = try await Self.runScript([
            "--base-url", "http://127.0.0.1:\(server.port)",
            "--reviewer-key", server.reviewer, "--policy-key", server.policyAdmin,
            "--held-id", seeded.heldID, "--search", seeded.searchWord,
            "--screenshots", screenshots.path,
            "--chromium", Self.chromium, "--chromedriver", Self.chromedriver,
        ])
        if run.status == 77 {
            try Test.cancel("SKIPPED: \(run.output.trimmingCharacters(in: .whitespacesAndNewlines))")
        }
        try #require(run.status == 0, "the browser walk-through failed:\n\(run.output)")
        #expect(run.output.contains("PASSED"), "\(run.output)")

        // What the browser did is in the stores, not only on the page.
        let held = try #require(try await server.store.held(id: seeded.heldID))
        #expect(held.status != .pending, "the approved request is still pending")
        #expect(held.note == "checked by the browser test: fine")
        let engine = try server.services.policy.get()
        #expect(engine.current.sha256 == seeded.policySHA256, "the rollback did not restore the first policy")
        let versions = try await server.services.policyVersions.list(policyID: engine.current.id)
        #expect(versions.contains { $0.comment == "block teapots (browser test)" })
        for name in ["console-login.png", "console-log.png", "console-record.png", "console-reviews.png",
                     "console-policy-error.png", "console-policy-replay.png", "console-policy-versions.png"] {
            let data = try Data(contentsOf: screenshots.appendingPathComponent(name))
            #expect(data.starts(with: [0x89, 0x50, 0x4E, 0x47]), "\(name) is not a PNG")
        }
    }

    /// Runs the script with python3; its exit status and its output (stdout and stderr).
    static func runScript(_ arguments: [String]) async throws -> (status: Int32, output: String) {
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("warden-console-browser-\(UUID().uuidString).log")
        FileManager.default.createFile(atPath: log.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: log) }
        let handle = try FileHandle(forWritingTo: log)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python ?? "/usr/bin/python3")
        process.arguments = [script.path] + arguments
        process.standardOutput = handle
        process.standardError = handle
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do { try process.run() } catch { continuation.resume(throwing: error) }
        }
        try handle.close()
        return (status, (try? String(contentsOf: log, encoding: .utf8)) ?? "")
    }
}

/// A Warden listening on 127.0.0.1 (free port) over a temporary data directory, with a key per
/// role, the real prompt screening and the stand-in generator and image screen.
struct ConsoleTestServer {
    let directory: URL
    let services: GatewayServices
    let store: RequestStore
    let server: HTTPServer
    let router: Router
    let client: String
    let reviewer: String
    let policyAdmin: String

    var port: Int { server.port }

    static func start() async throws -> ConsoleTestServer {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("warden-console-\(UUID().uuidString)")
        let configuration = WardenServer.Configuration(
            dataDirectory: directory, http: HTTPServerConfiguration(host: "127.0.0.1", port: 0), paths: TestGateway.paths,
            rateLimit: .init(requestsPerSecond: 0))
        try WardenServer.prepareDataDirectory(directory)
        let quiet = TestGateway.quiet
        let services = try await GatewayServices.open(configuration: configuration, logger: quiet,
                                                      screen: try await TestGateway.sharedScreen.value)
        let store = try RequestStore(dataDirectory: directory)
        let pipeline = GuardedGeneration(moderator: try services.moderator.get(),
                                         generator: .success(PaintingGenerator(colour: paint)),
                                         imageScreen: .success(ColourScreen(rule: screen)), audit: services.audit, store: store,
                                         metrics: services.metrics, logger: quiet)
        let generation = GenerationServices(
            images: ImageGenerationService(pipeline: .success(pipeline), store: store, audit: services.audit, logger: quiet),
            reviews: ReviewService(pipeline: .success(pipeline), store: store, audit: services.audit))
        let router = WardenServer.makeRouter(configuration: configuration, services: services, generation: generation)
        let server = try HTTPServer(configuration: configuration.http, router: router, logger: quiet)
        let keys = services.access.keys
        return ConsoleTestServer(
            directory: directory, services: services, store: store, server: server, router: router,
            client: try await keys.create(roles: [.client], name: "client").secret,
            reviewer: try await keys.create(roles: [.reviewer], name: "reviewer").secret,
            policyAdmin: try await keys.create(roles: [.policyAdmin], name: "policy admin").secret)
    }

    /// Each image one colour, chosen by seed (seed 99: red).
    static let palette: [(UInt8, UInt8, UInt8)] = [(40, 90, 200), (46, 160, 90), (240, 180, 40), (120, 70, 170), (30, 150, 170)]
    static let paint: @Sendable (GenerationJob, Int) -> (UInt8, UInt8, UInt8) = { job, index in
        job.seed == 99 ? (220, 40, 40) : palette[(Int(job.seed % 5) + index) % palette.count]
    }
    /// Red images score 0.6 for nudity: over `image-nudity-review` (0.5), under the block (0.8).
    static let screen: @Sendable (UInt8, UInt8, UInt8) -> (nudity: Double, concepts: [String: Double]) = { red, green, _ in
        red >= 200 && green < 80 ? (0.6, [:]) : (0.01, [:])
    }

    func stop() {
        server.stop()
        services.audit.close()
        try? FileManager.default.removeItem(at: directory)
    }

    struct Seeded {
        var heldID: String
        var searchWord: String
        var policySHA256: String
    }

    /// Traffic for the console to show: allowed, warned, held and blocked prompts, generated
    /// images, a generation held at the output stage (its image), and one held at the prompt
    /// stage by `without-clothes-review` (the browser test approves that one).
    func seed() async throws -> Seeded {
        for prompt in ["a cat asleep on a sofa", "a naked schoolgirl", "kill the stupid bitch", "a teapot in the rain"] {
            let response = await send(.post, "/v1/moderations", json: ["input": prompt])
            #expect(response.status == 200, "\(prompt): \(response.status)")
        }
        for (seed, prompt) in [(1, "a lighthouse at dusk, oil painting"), (2, "a green meadow with a fox"),
                               (3, "a yellow kite over the dunes")] {
            let response = await send(.post, "/v1/images/generations",
                                      json: ["prompt": prompt, "size": "64x64", "seed": seed, "n": seed == 2 ? 2 : 1])
            #expect(response.status == 200, "\(prompt): \(String(decoding: response.body, as: UTF8.self))")
        }
        // Held at the output stage: the image screen's nudity score is over the review threshold.
        let heldImage = await send(.post, "/v1/images/generations",
                                   json: ["prompt": "a red sunset over the sea", "size": "64x64", "seed": 99])
        #expect(heldImage.status == 202, "\(String(decoding: heldImage.body, as: UTF8.self))")
        let refused = await send(.post, "/v1/images/generations", json: ["prompt": "a nude schoolgirl on a beach"])
        #expect(refused.status == 400)
        let held = await send(.post, "/v1/images/generations", json: ["prompt": "a man without clothes on a beach", "size": "64x64"])
        #expect(held.status == 202, "\(String(decoding: held.body, as: UTF8.self))")
        let object = try JSONSerialization.jsonObject(with: held.body) as? [String: Any]
        let heldID = try #require(object?["id"] as? String, "no request id in \(String(decoding: held.body, as: UTF8.self))")
        return Seeded(heldID: heldID, searchWord: "schoolgirl", policySHA256: try services.policy.get().current.sha256)
    }

    func send(_ method: HTTPMethod, _ path: String, json: [String: any Sendable]) async -> HTTPResponse {
        let body = (try? JSONSerialization.data(withJSONObject: json)) ?? Data()
        return await router.respond(to: HTTPRequest(method: method, path: path, headers: [
            "authorization": "Bearer \(client)", "content-type": "application/json", "host": "127.0.0.1:\(port)",
        ], body: body))
    }
}
