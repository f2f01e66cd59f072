import Audit
import Foundation
import Logging
import Policy

/// Which policy a starting gateway runs: the version stored last in the data directory (so an
/// edit made through the admin API survives a restart), else `Policies/default.yaml`, which is
/// then stored as the first version. The engine records every later edit in the same store.
enum RunningPolicy {
    static func engine(paths: WardenPaths, store: PolicyVersionStore, logger: Logger) async -> Result<PolicyEngine, GatewayFailure> {
        let file = paths.policies.appendingPathComponent("default.yaml")
        do {
            if let stored = try await store.newest() {
                do {
                    let policy = try PolicyCompiler.compile(text: stored.text, source: "stored revision \(stored.revision) of \(stored.policyID)")
                    if let fileText = try? String(contentsOf: file, encoding: .utf8),
                       AuditChain.sha256Hex(Data(fileText.utf8)) != stored.sha256,
                       try await store.version(sha256: AuditChain.sha256Hex(Data(fileText.utf8))) == nil {
                        logger.notice("running the stored policy \(stored.policyID) revision \(stored.revision); \(file.path) differs and was never loaded (PUT it through /v1/admin/policies/current to run it)")
                    }
                    return .success(PolicyEngine(initial: policy, versionStore: store))
                } catch {
                    logger.error("the stored policy no longer compiles (\(error)); starting from \(file.path)")
                }
            }
            let text: String
            do { text = try String(contentsOf: file, encoding: .utf8) } catch {
                throw GatewayError.unreadableFile(path: file.path, reason: error.localizedDescription)
            }
            let policy = try PolicyCompiler.compile(text: text, source: file.path)
            try await store.recordAcceptedPolicy(policy, author: nil, comment: "loaded from \(file.path) at start-up")
            return .success(PolicyEngine(initial: policy, versionStore: store))
        } catch {
            logger.error("no policy could be loaded; prompt screening and the policy routes answer 503: \(error)")
            return .failure(GatewayFailure(reason: "\(error)"))
        }
    }
}
