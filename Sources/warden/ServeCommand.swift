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

    @Option(help: "Seconds a client has to send a request's line and headers (slowloris guard).")
    var headerTimeout: Double = HTTPServerConfiguration().headerTimeoutSeconds

    @Option(help: "Seconds a client has to send a declared request body once its headers are in.")
    var bodyTimeout: Double = HTTPServerConfiguration().bodyTimeoutSeconds

    @Option(name: .customLong("max-connections-per-ip"),
            help: "Connections one client address may hold open at once (0: no limit; keep 0 behind a reverse proxy).")
    var maxConnectionsPerIP: Int = HTTPServerConfiguration().maxConnectionsPerAddress

    @Option(help: "Requests per second each API key may make on average (0: no limit).")
    var rateLimit: Double = RateLimiter.Configuration().requestsPerSecond

    @Option(help: "Requests each API key may make at once (token bucket size).")
    var rateBurst: Double = RateLimiter.Configuration().burst

    @Option(name: .customLong("role-rate-limit"),
            help: "ROLE=RPS:BURST for keys holding ROLE (repeatable), e.g. policy-admin=50:200; a key with several uses the most generous.")
    var roleRateLimits: [String] = []

    func run() async throws {
        var perRole: [Role: RateLimiter.Rate] = [:]
        for entry in roleRateLimits {
            let parts = entry.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { throw ValidationError("--role-rate-limit takes ROLE=RPS:BURST, got '\(entry)'") }
            perRole[try Role(name: parts[0])] = try RateLimiter.Rate(parsing: parts[1])
        }
        let http = HTTPServerConfiguration(host: host, port: port, maxBodyBytes: maxBodyBytes,
                                           connectionTimeoutSeconds: connectionTimeout,
                                           headerTimeoutSeconds: headerTimeout, bodyTimeoutSeconds: bodyTimeout,
                                           maxConnectionsPerAddress: maxConnectionsPerIP)
        let configuration = WardenServer.Configuration(
            dataDirectory: URL(fileURLWithPath: dataDir), http: http,
            rateLimit: RateLimiter.Configuration(requestsPerSecond: rateLimit, burst: rateBurst, perRole: perRole))
        try await WardenServer.run(configuration: configuration, logger: Logger(label: "warden.serve"))
    }
}
