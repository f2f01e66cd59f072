/// Where an ``HTTPServer`` listens and the limits it enforces on every connection.
public struct HTTPServerConfiguration: Sendable, Equatable {
    /// Host name or address to bind ("127.0.0.1", "::1", "0.0.0.0", "localhost").
    public var host: String
    /// TCP port; 0 picks a free ephemeral port (read it back from ``HTTPServer/port``).
    public var port: Int
    /// Largest request body accepted; larger ones get 413 without being buffered.
    public var maxBodyBytes: Int
    /// Largest request line plus header fields; larger ones get 431 in OpenAI's error shape.
    /// libmicrohttpd's per-connection pool is sized `connectionMemoryBytes` above this, so only
    /// headers too large for the pool get libmicrohttpd's own 431 (a small HTML body).
    public var maxHeaderBytes: Int
    /// Seconds a connection may stay idle (no bytes received or sent) before it is closed.
    public var connectionTimeoutSeconds: Int
    /// Most connections served at once (each has its own thread).
    public var maxConnections: Int
    /// Seconds from a connection's opening (or, kept alive, from its previous response plus the
    /// idle timeout) by which the request line and headers must be complete; a slow client
    /// ("slowloris") is disconnected then, however often it sends a byte.
    public var headerTimeoutSeconds: Double
    /// Seconds from the end of the headers by which a declared body must be complete ("slow POST").
    public var bodyTimeoutSeconds: Double
    /// Most connections open at once from one client address; 0 for no per-address limit (the
    /// right setting behind a reverse proxy, where every client shares the proxy's address).
    public var maxConnectionsPerAddress: Int
    /// Seconds a route handler may take before the client gets 503 (the handler's task keeps
    /// running to completion; its result is dropped).
    public var handlerTimeoutSeconds: Double

    /// libmicrohttpd's per-connection memory pool: twice the header limit plus 64 KiB for the
    /// read buffer and the response headers.
    public var connectionMemoryBytes: Int { max(4096, maxHeaderBytes) * 2 + (64 << 10) }

    public init(host: String = "127.0.0.1", port: Int = 8080, maxBodyBytes: Int = 32 << 20,
                maxHeaderBytes: Int = 64 << 10, connectionTimeoutSeconds: Int = 30, maxConnections: Int = 64,
                handlerTimeoutSeconds: Double = 300, headerTimeoutSeconds: Double = 10,
                bodyTimeoutSeconds: Double = 120, maxConnectionsPerAddress: Int = 0) {
        self.host = host
        self.port = port
        self.maxBodyBytes = maxBodyBytes
        self.maxHeaderBytes = maxHeaderBytes
        self.connectionTimeoutSeconds = connectionTimeoutSeconds
        self.maxConnections = maxConnections
        self.handlerTimeoutSeconds = handlerTimeoutSeconds
        self.headerTimeoutSeconds = headerTimeoutSeconds
        self.bodyTimeoutSeconds = bodyTimeoutSeconds
        self.maxConnectionsPerAddress = maxConnectionsPerAddress
    }
}
