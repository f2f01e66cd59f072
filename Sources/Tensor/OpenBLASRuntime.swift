import COpenBLAS
import CPUPeak
#if canImport(Glibc)
import Glibc
#endif

/// The OpenBLAS library as loaded in this process: which kernel it picked, how many threads,
/// and the one start-up step that makes it pick the fast kernel.
///
/// OpenBLAS 0.3.21 picks its Haswell kernel on the AVX-512 EPYC CPUs of Warden's machines, about
/// half of what its SkylakeX kernel reaches there. The kernel is chosen from `OPENBLAS_CORETYPE`
/// once, when the library loads, so the variable has to be in the environment before the process
/// starts: `reexecWithPreferredCoreIfNeeded` sets it and re-executes the program once.
public enum OpenBLASRuntime {
    /// The environment variable OpenBLAS reads at load time.
    public static let coreTypeVariable = "OPENBLAS_CORETYPE"

    /// The kernel OpenBLAS uses in this process, e.g. "SkylakeX" or "Haswell".
    public static var coreName: String { String(cString: openblas_get_corename()) }

    /// OpenBLAS's build configuration string (version, threading, dynamic arch).
    public static var configuration: String { String(cString: openblas_get_config()) }

    /// Threads OpenBLAS runs a large sgemm on.
    public static var threadCount: Int { Int(openblas_get_num_threads()) }

    /// Whether this CPU reports AVX-512F.
    public static var cpuHasAVX512F: Bool { warden_cpu_has_avx512f() != 0 }

    /// The core type to force for this process, or nil when the user already chose one or the CPU
    /// has no AVX-512 (then OpenBLAS's own choice is right).
    public static func preferredCoreType(environment: [String: String], cpuHasAVX512F: Bool) -> String? {
        if environment[coreTypeVariable] != nil { return nil }
        return cpuHasAVX512F ? "SkylakeX" : nil
    }

    /// Sets `OPENBLAS_CORETYPE=SkylakeX` and re-executes the running program with the same
    /// arguments when the CPU has AVX-512 and the variable is unset. Returns normally when no
    /// re-exec is needed; on success it does not return. Call it first thing in `main`.
    public static func reexecWithPreferredCoreIfNeeded(arguments: [String]) throws {
        var environment: [String: String] = [:]
        if let value = getenv(coreTypeVariable) { environment[coreTypeVariable] = String(cString: value) }
        guard let core = preferredCoreType(environment: environment, cpuHasAVX512F: cpuHasAVX512F) else {
            return
        }
        setenv(coreTypeVariable, core, 1)
        let path = "/proc/self/exe"
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) }
        argv.append(nil)
        execv(path, argv)
        let failure = errno
        for pointer in argv { free(pointer) }
        throw TensorError.reexecFailed(path: path, errno: failure)
    }
}
