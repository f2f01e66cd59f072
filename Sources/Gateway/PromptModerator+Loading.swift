import Foundation
import Policy
import Screening

extension PromptModerator {
    /// The moderator of the embedded defaults: lexicons and `default.yaml` from `paths.policies`
    /// (or `policyFile`), the encoder and classifier from `paths.models`.
    public static func load(paths: WardenPaths, policyFile: URL? = nil) throws -> PromptModerator {
        let screen = try PromptScreen.load(policiesDirectory: paths.policies, modelsDirectory: paths.models)
        let file = policyFile ?? paths.policies.appendingPathComponent("default.yaml")
        let text: String
        do { text = try String(contentsOf: file, encoding: .utf8) } catch {
            throw GatewayError.unreadableFile(path: file.path, reason: error.localizedDescription)
        }
        let policy = try PolicyCompiler.compile(text: text, source: file.path)
        return PromptModerator(screen: screen, engine: PolicyEngine(initial: policy))
    }

    /// The moderator over an existing engine (the gateway's, whose policy the admin routes swap):
    /// lexicons from `paths.policies`, the encoder and classifier from `paths.models`.
    public static func load(paths: WardenPaths, engine: PolicyEngine) throws -> PromptModerator {
        let screen = try PromptScreen.load(policiesDirectory: paths.policies, modelsDirectory: paths.models)
        return PromptModerator(screen: screen, engine: engine)
    }
}
