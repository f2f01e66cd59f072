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

        public init(dataDirectory: URL = URL(fileURLWithPath: "var"), http: HTTPServerConfiguration = .init()) {
            self.dataDirectory = dataDirectory
            self.http = http
        }
    }

    /// The gateway's routes.
    public static func makeRouter(configuration: Configuration) -> Router {
        var router = Router()
        let health = HealthCheck(dataDirectory: configuration.dataDirectory)
        router.add(.get, "/healthz") { _ in health.response() }
        return router
    }

    /// Creates the data directory and starts serving; the caller stops the returned server.
    public static func start(configuration: Configuration, logger: Logger) throws(GatewayError) -> HTTPServer {
        try prepareDataDirectory(configuration.dataDirectory)
        let server = try HTTPServer(configuration: configuration.http, router: makeRouter(configuration: configuration),
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
