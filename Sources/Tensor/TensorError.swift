/// Errors of the numeric core: shapes, weight files and the BLAS runtime.
public enum TensorError: Error, CustomStringConvertible, Equatable, Sendable {
    /// A re-exec to select the OpenBLAS kernel failed; the process goes on with the default kernel.
    case reexecFailed(path: String, errno: Int32)

    public var description: String {
        switch self {
        case let .reexecFailed(path, errno):
            return "could not re-exec \(path) to select the OpenBLAS kernel (errno \(errno))"
        }
    }
}
