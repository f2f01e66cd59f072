import Foundation
import Tensor
#if canImport(Glibc)
import Glibc
#endif

/// `GET /healthz`: whether this process can serve, as JSON.
///
/// The data-directory check writes, fsyncs and removes a probe file, the same durability path
/// the audit log needs; it stands in for the database check until the Storage module's
/// database is wired into the gateway.
public struct HealthCheck: Sendable {
    /// The body of a health response.
    public struct Report: Codable, Sendable, Equatable {
        /// "ok" when everything checked passed, "degraded" otherwise.
        public var status: String
        /// `BuildInfo.versionLine`.
        public var version: String
        /// The OpenBLAS kernel in use.
        public var openblasCore: String
        /// The data directory, as configured.
        public var dataDirectory: String
        /// The storage check.
        public var database: DatabaseCheck
        /// Each model (or model group) the routes need: loaded, or why not.
        public var models: [String: ModelCheck]

        enum CodingKeys: String, CodingKey {
            case status, version, database, models
            case openblasCore = "openblas_core"
            case dataDirectory = "data_dir"
        }
    }

    /// Result of the write+fsync probe in the data directory.
    public struct DatabaseCheck: Codable, Sendable, Equatable {
        /// Whether a file could be written, fsynced and removed.
        public var writable: Bool
        /// What was checked, or why it failed.
        public var detail: String
    }

    /// Whether one model loaded at start-up.
    public struct ModelCheck: Codable, Sendable, Equatable {
        public var loaded: Bool
        /// "loaded", or why it is not (the routes that need it answer 503 with the same reason).
        public var detail: String

        public init(loaded: Bool, detail: String) {
            self.loaded = loaded
            self.detail = detail
        }

        /// The check of a component that loaded or failed.
        public static func of<T>(_ result: Result<T, GatewayFailure>) -> ModelCheck {
            switch result {
            case .success: return ModelCheck(loaded: true, detail: "loaded")
            case let .failure(failure): return ModelCheck(loaded: false, detail: failure.reason)
            }
        }
    }

    /// The directory probed.
    public let dataDirectory: URL
    /// The models and their load state, by name ("prompt_screening", "policy", ...).
    public let models: [String: ModelCheck]

    public init(dataDirectory: URL, models: [String: ModelCheck] = [:]) {
        self.dataDirectory = dataDirectory
        self.models = models
    }

    /// Runs the checks now: "ok" when the data directory is writable and every model loaded.
    public func report() -> Report {
        let database = probeDataDirectory()
        let healthy = database.writable && models.values.allSatisfy(\.loaded)
        return Report(status: healthy ? "ok" : "degraded", version: BuildInfo.versionLine,
                      openblasCore: OpenBLASRuntime.coreName, dataDirectory: dataDirectory.path,
                      database: database, models: models)
    }

    /// The route's response: 200 when healthy, 503 (same JSON) when not.
    public func response() -> HTTPResponse {
        let report = report()
        return .json(report.status == "ok" ? 200 : 503, report)
    }

    func probeDataDirectory() -> DatabaseCheck {
        let probe = dataDirectory.appendingPathComponent(".healthz-\(getpid())-\(UInt64.random(in: 0...UInt64.max))")
        let descriptor = open(probe.path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard descriptor >= 0 else {
            return DatabaseCheck(writable: false, detail: "cannot create a file in \(dataDirectory.path): \(String(cString: strerror(errno)))")
        }
        defer { unlink(probe.path) }
        let payload = Array("warden healthz probe\n".utf8)
        let written = payload.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        let writeErrno = errno
        let synced = fsync(descriptor)
        let syncErrno = errno
        close(descriptor)
        guard written == payload.count else {
            return DatabaseCheck(writable: false, detail: "write failed: \(String(cString: strerror(writeErrno)))")
        }
        guard synced == 0 else {
            return DatabaseCheck(writable: false, detail: "fsync failed: \(String(cString: strerror(syncErrno)))")
        }
        return DatabaseCheck(writable: true, detail: "write+fsync probe in the data directory (the audit log is opened there at start-up)")
    }
}
