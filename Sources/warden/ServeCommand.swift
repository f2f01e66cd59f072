import ArgumentParser
import Foundation
import Gateway
import Logging

/// `warden serve`: runs the gateway until SIGINT or SIGTERM.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the Warden HTTP API until SIGINT or SIGTERM.")

    @Option(help: "Directory for the audit database and stored images (created if missing).")
    var dataDir: String = "./var"

    @Option(help: "Address to listen on.")
    var host: String = "127.0.0.1"

    @Option(help: "TCP port to listen on (0: any free port).")
    var port: Int = 8080

    @Option(help: "Largest request body in bytes; larger bodies get 413.")
    var maxBodyBytes: Int = HTTPServerConfiguration().maxBodyBytes

    @Option(help: "Seconds an idle connection is kept open.")
    var connectionTimeout: Int = HTTPServerConfiguration().connectionTimeoutSeconds

    @Option(help: "Requests per second each API key may make on average (0: no limit).")
    var rateLimit: Double = RateLimiter.Configuration().requestsPerSecond

    @Option(help: "Requests each API key may make at once (token bucket size).")
    var rateBurst: Double = RateLimiter.Configuration().burst

    func run() async throws {
        let http = HTTPServerConfiguration(host: host, port: port, maxBodyBytes: maxBodyBytes,
                                           connectionTimeoutSeconds: connectionTimeout)
        let configuration = WardenServer.Configuration(
            dataDirectory: URL(fileURLWithPath: dataDir), http: http,
            rateLimit: RateLimiter.Configuration(requestsPerSecond: rateLimit, burst: rateBurst))
        try await WardenServer.run(configuration: configuration, logger: Logger(label: "warden.serve"))
    }
}
