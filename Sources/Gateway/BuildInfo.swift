import Tensor

/// What this build of Warden is and which numeric kernel it runs on.
public enum BuildInfo {
    /// Warden's version.
    public static let version = "0.1.0"

    /// One line for `warden --version` and `/healthz`.
    public static var versionLine: String {
        "warden \(version) (OpenBLAS core \(OpenBLASRuntime.coreName), \(OpenBLASRuntime.threadCount) threads)"
    }
}
