import Audit
import Foundation
import Logging
import Policy
import Screening

/// Everything the routes need, opened once per process by ``open(configuration:logger:)``:
/// the key store and access control, the metrics, the audit log, the running policy (with its
/// version store) and prompt moderation. Parts that fail to load are kept as failures, so the
/// routes that need them answer 503 with the reason while the rest keeps serving.
public struct GatewayServices: Sendable {
    public var access: AccessControl
    public var metrics: GatewayMetrics
    public var audit: AuditLog
    public var policyVersions: PolicyVersionStore
    /// The running policy (hot-swapped by the admin routes), or why there is none.
    public var policy: Result<PolicyEngine, GatewayFailure>
    /// `POST /v1/moderations`.
    public var moderation: ModerationService
    /// The OpenAPI document served at `GET /openapi.json`, or why it could not be read.
    public var openAPIDocument: Result<Data, GatewayFailure>

    public init(access: AccessControl, metrics: GatewayMetrics, audit: AuditLog, policyVersions: PolicyVersionStore,
                policy: Result<PolicyEngine, GatewayFailure>, moderation: ModerationService,
                openAPIDocument: Result<Data, GatewayFailure>) {
        self.access = access
        self.metrics = metrics
        self.audit = audit
        self.policyVersions = policyVersions
        self.policy = policy
        self.moderation = moderation
        self.openAPIDocument = openAPIDocument
    }

    /// The prompt moderator, when the screening models loaded.
    public var moderator: Result<PromptModerator, GatewayFailure> { moderation.moderator }

    /// Opens the data directory's stores (creating the admin key on first start, logged once),
    /// the running policy and the screening models (`screen`: an already loaded prompt screen
    /// to use instead of loading one from `configuration.paths`).
    public static func open(configuration: WardenServer.Configuration, logger: Logger,
                            screen: PromptScreen? = nil) async throws(GatewayError) -> GatewayServices {
        let directory = configuration.dataDirectory
        let keys = try APIKeyStore(dataDirectory: directory)
        if let admin = try await keys.bootstrapAdminKey() {
            logger.notice("""
                created the first API key (roles: client, reviewer, policy-admin); it is shown only this once, \
                store it now: \(admin.secret)
                """, metadata: ["key_id": "\(admin.record.id)", "key_store": "\(keys.path)"])
        }
        let audit: AuditLog
        let versions: PolicyVersionStore
        do {
            audit = try AuditLog.open(dataDirectory: directory)
            versions = try PolicyVersionStore(dataDirectory: directory)
        } catch {
            throw .dataDirectoryUnusable(path: directory.path, reason: "audit log: \(error)")
        }
        let metrics = GatewayMetrics()
        let policy = await RunningPolicy.engine(paths: configuration.paths, store: versions, logger: logger)
        let moderator: Result<PromptModerator, GatewayFailure>
        switch policy {
        case let .failure(failure):
            moderator = .failure(failure)
        case let .success(engine):
            do {
                if let screen {
                    moderator = .success(PromptModerator(screen: screen, engine: engine))
                } else {
                    moderator = .success(try PromptModerator.load(paths: configuration.paths, engine: engine))
                }
            } catch {
                logger.error("prompt screening could not be loaded; /v1/moderations answers 503: \(error)")
                moderator = .failure(GatewayFailure(reason: "\(error)"))
            }
        }
        let document: Result<Data, GatewayFailure>
        let documentURL = configuration.paths.openAPIDocument
        if let data = FileManager.default.contents(atPath: documentURL.path) {
            document = .success(data)
        } else {
            logger.warning("no OpenAPI document at \(documentURL.path); GET /openapi.json answers 503")
            document = .failure(GatewayFailure(reason: "\(documentURL.path) is missing"))
        }
        return GatewayServices(
            access: AccessControl(keys: keys, limiter: RateLimiter(configuration: configuration.rateLimit), logger: logger),
            metrics: metrics, audit: audit, policyVersions: versions, policy: policy,
            moderation: ModerationService(moderator: moderator, audit: audit, metrics: metrics, logger: logger),
            openAPIDocument: document)
    }
}
