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
        /// Where the audit database and stored images live (created if missing).
        public var dataDirectory: URL
        /// Listening address and per-connection limits.
        public var http: HTTPServerConfiguration
        /// Where the policies and models are.
        public var paths: WardenPaths

        public init(dataDirectory: URL = URL(fileURLWithPath: "var"), http: HTTPServerConfiguration = .init(),
                    paths: WardenPaths = .locate()) {
            self.dataDirectory = dataDirectory
            self.http = http
            self.paths = paths
        }
    }

    /// The gateway's routes. With `moderation`, `POST /v1/moderations` is served; with `images`,
    /// the image routes; with `reviews`, the reviewers' routes.
    public static func makeRouter(configuration: Configuration, moderation: ModerationService? = nil,
                                  images: ImageGenerationService? = nil, reviews: ReviewService? = nil) -> Router {
        var router = Router()
        let health = HealthCheck(dataDirectory: configuration.dataDirectory)
        router.add(.get, "/healthz") { _ in health.response() }
        if let moderation {
            router.add(.post, "/v1/moderations") { request in await moderation.handle(request) }
        }
        if let images {
            router.add(.post, "/v1/images/generations") { request in
                await images.generations(request, context: RequestContext(route: "/v1/images/generations"))
            }
            router.add(.post, "/v1/images/edits") { request in
                await images.edits(request, context: RequestContext(route: "/v1/images/edits"))
            }
            router.add(.get, "/v1/images/{file}") { request in await images.image(request) }
            router.add(.get, "/v1/requests/{id}") { request in
                await images.poll(request, context: RequestContext(route: "/v1/requests/{id}"))
            }
        }
        if let reviews {
            router.add(.get, "/v1/admin/reviews") { request in await reviews.list(request) }
            router.add(.post, "/v1/admin/reviews/{id}/approve") { request in
                await reviews.decide(request, context: RequestContext(route: "/v1/admin/reviews/{id}/approve"), approve: true)
            }
            router.add(.post, "/v1/admin/reviews/{id}/deny") { request in
                await reviews.decide(request, context: RequestContext(route: "/v1/admin/reviews/{id}/deny"), approve: false)
            }
            router.add(.get, "/v1/admin/reviews/{id}/images/{n}") { request in await reviews.heldImage(request) }
        }
        return router
    }

    /// Opens the audit log and loads the screening models and default policy. A model that fails
    /// to load does not stop the server: the routes that need it answer 503 with the reason.
    static func makeModerationService(configuration: Configuration, logger: Logger) throws(GatewayError) -> ModerationService {
        let audit: AuditLog
        do { audit = try AuditLog.open(dataDirectory: configuration.dataDirectory) } catch {
            throw .dataDirectoryUnusable(path: configuration.dataDirectory.path, reason: "audit log: \(error)")
        }
        let moderator: Result<PromptModerator, GatewayFailure>
        do {
            moderator = .success(try PromptModerator.load(paths: configuration.paths))
        } catch {
            logger.error("prompt screening could not be loaded; /v1/moderations answers 503: \(error)")
            moderator = .failure(GatewayFailure(reason: "\(error)"))
        }
        return ModerationService(moderator: moderator, audit: audit, logger: logger)
    }

    /// Creates the data directory and starts serving; the caller stops the returned server.
    public static func start(configuration: Configuration, logger: Logger) throws(GatewayError) -> HTTPServer {
        try prepareDataDirectory(configuration.dataDirectory)
        let moderation = try makeModerationService(configuration: configuration, logger: logger)
        let store = try RequestStore(dataDirectory: configuration.dataDirectory)
        let pipeline = GuardedGeneration.load(moderator: moderation.moderator, audit: moderation.audit, store: store,
                                              paths: configuration.paths, logger: logger)
        let images = ImageGenerationService(pipeline: pipeline, store: store, audit: moderation.audit, logger: logger)
        let reviews = ReviewService(pipeline: pipeline, store: store, audit: moderation.audit)
        let server = try HTTPServer(configuration: configuration.http,
                                    router: makeRouter(configuration: configuration, moderation: moderation,
                                                       images: images, reviews: reviews),
                                    logger: logger)
        let host = configuration.http.host.contains(":") ? "[\(configuration.http.host)]" : configuration.http.host
        logger.info("Warden listening on http://\(host):\(server.port)",
                    metadata: ["data_dir": "\(configuration.dataDirectory.path)", "version": "\(BuildInfo.versionLine)"])
        return server
    }

    /// Serves until SIGINT or SIGTERM, then stops the server (in-flight requests finish) and returns.
    public static func run(configuration: Configuration, logger: Logger) async throws(GatewayError) {
        let server = try start(configuration: configuration, logger: logger)
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
