import Foundation

/// Where Warden finds its policies and models when the caller does not say: the embedded defaults
/// of `make run`. Looked up in order: an explicit path, `$WARDEN_HOME`, the working directory,
/// then the folders above the executable (a checkout's `.build/release/warden`).
public struct WardenPaths: Sendable, Equatable {
    /// The `Policies/` folder (default.yaml, lexicons/, tests/).
    public var policies: URL
    /// The `Models/` folder (one folder per model).
    public var models: URL

    public init(policies: URL, models: URL) {
        self.policies = policies
        self.models = models
    }

    /// `docs/openapi.json` of the checkout holding `policies` (served at `GET /openapi.json`).
    public var openAPIDocument: URL {
        policies.deletingLastPathComponent().appendingPathComponent("docs/openapi.json")
    }

    /// `Console/` of the checkout holding `policies`: the admin console's static files (`/admin`).
    public var console: URL {
        policies.deletingLastPathComponent().appendingPathComponent("Console")
    }

    /// Resolves the folders; an explicit path always wins.
    public static func locate(policies: String? = nil, models: String? = nil,
                              environment: [String: String] = ProcessInfo.processInfo.environment) -> WardenPaths {
        let root = projectRoot(environment: environment)
        let policiesURL = policies.map { URL(fileURLWithPath: $0) } ?? root.appendingPathComponent("Policies")
        let modelsURL = models.map { URL(fileURLWithPath: $0) } ?? root.appendingPathComponent("Models")
        return WardenPaths(policies: policiesURL, models: modelsURL)
    }

    /// The folder holding Policies/ and Models/.
    static func projectRoot(environment: [String: String]) -> URL {
        let fm = FileManager.default
        func holdsProject(_ url: URL) -> Bool {
            fm.fileExists(atPath: url.appendingPathComponent("Policies/default.yaml").path)
                && fm.fileExists(atPath: url.appendingPathComponent("Models").path)
        }
        if let home = environment["WARDEN_HOME"] { return URL(fileURLWithPath: home) }
        let cwd = URL(fileURLWithPath: fm.currentDirectoryPath)
        if holdsProject(cwd) { return cwd }
        let executable = URL(fileURLWithPath: (try? fm.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
                             ?? CommandLine.arguments.first ?? ".")
        var folder = executable.deletingLastPathComponent()
        for _ in 0..<6 {
            if holdsProject(folder) { return folder }
            folder = folder.deletingLastPathComponent()
        }
        return cwd
    }
}
