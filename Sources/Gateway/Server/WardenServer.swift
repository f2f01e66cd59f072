import Audit
import Foundation
import Logging
#if canImport(Glibc)
import Glibc
#endif

/// The Warden gateway process: its data directory, its routes, its HTTP server.
public enum WardenServer {
    /// What `warden serve` configures.
    public struct Configuration: Sendable, Equatable {
        /// Where the audit database, key store and stored images live (created if missing).
        public var dataDirectory: URL
        /// Listening address and per-connection limits.
        public var http: HTTPServerConfiguration
        /// Where the policies and models are.
        public var paths: WardenPaths
        /// Every API key's token bucket.
        public var rateLimit: RateLimiter.Configuration

        public init(dataDirectory: URL = URL(fileURLWithPath: "var"), http: HTTPServerConfiguration = .init(),
                    paths: WardenPaths = .locate(), rateLimit: RateLimiter.Configuration = .init()) {
            self.dataDirectory = dataDirectory
            self.http = http
            self.paths = paths
            self.rateLimit = rateLimit
        }
    }

    /// Every route of the gateway. Open: `/healthz`, `/metrics`, `/openapi.json`; the rest needs
    /// an API key with the role each route names (see README.md, "The HTTP API").
    public static func makeRouter(configuration: Configuration, services: GatewayServices,
                                  generation: GenerationServices? = nil) -> Router {
        var router = Router(access: services.access, metrics: services.metrics)
        var models: [String: HealthCheck.ModelCheck] = [
            "policy": .of(services.policy), "prompt_screening": .of(services.moderator),
        ]
        if let generation { models.merge(generation.modelChecks) { current, _ in current } }
        let health = HealthCheck(dataDirectory: configuration.dataDirectory, models: models)
        router.add(.get, "/healthz") { _ in health.response() }
        let metrics = services.metrics
        router.add(.get, "/metrics") { _ in metrics.response() }
        let document = services.openAPIDocument
        router.add(.get, "/openapi.json") { _ in
            switch document {
            case let .success(data): return HTTPResponse(status: 200, headers: ["Content-Type": "application/json"], body: data)
            case let .failure(failure):
                return .error(503, message: "The OpenAPI document is not available: \(failure.reason)",
                              type: "server_error", code: "openapi_unavailable")
            }
        }
        router.add(.get, "/v1/models", roles: Set(Role.allCases)) { _, _ in ModelList.response() }
        let moderation = services.moderation
        router.add(.post, "/v1/moderations", roles: [.client]) { request, context in
            await moderation.handle(request, context: context)
        }
        AdminPolicyRoutes(services: services).register(in: &router)
        AdminAuditRoutes(services: services).register(in: &router)
        generation?.register(in: &router)
        AdminConsoleRoutes(assets: ConsoleAssets.load(from: configuration.paths.console)).register(in: &router)
        return router
    }

    /// Creates the data directory, opens the services and starts serving; the caller stops the
    /// returned server.
    public static func start(configuration: Configuration, logger: Logger) async throws(GatewayError) -> HTTPServer {
        try prepareDataDirectory(configuration.dataDirectory)
        let services = try await GatewayServices.open(configuration: configuration, logger: logger)
        let generation = try GenerationServices.open(configuration: configuration, services: services, logger: logger)
        let server = try HTTPServer(configuration: configuration.http,
                                    router: makeRouter(configuration: configuration, services: services,
                                                       generation: generation),
                                    logger: logger)
        let host = configuration.http.host.contains(":") ? "[\(configuration.http.host)]" : configuration.http.host
        logger.info("Warden listening on http://\(host):\(server.port)",
                    metadata: ["data_dir": "\(configuration.dataDirectory.path)", "version": "\(BuildInfo.versionLine)"])
        return server
    }

    /// Serves until SIGINT or SIGTERM, then stops the server (in-flight requests finish) and returns.
    public static func run(configuration: Configuration, logger: Logger) async throws(GatewayError) {
        let server = try await start(configuration: configuration, logger: logger)
        let received = await ShutdownSignal.wait()
        logger.info("received signal \(received == SIGINT ? "SIGINT" : received == SIGTERM ? "SIGTERM" : "\(received)"), shutting down")
        server.stop()
        logger.info("Warden stopped")
    }

    /// Creates `directory` (with parents) and checks it is a writable directory.
    static func prepareDataDirectory(_ directory: URL) throws(GatewayError) {
        let manager = FileManager.default
        do {
            try manager.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw .dataDirectoryUnusable(path: directory.path, reason: error.localizedDescription)
        }
        guard manager.isWritableFile(atPath: directory.path) else {
            throw .dataDirectoryUnusable(path: directory.path, reason: "not writable by this user")
        }
    }
}
