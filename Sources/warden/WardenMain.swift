import ArgumentParser
import Gateway
import Logging
import Tensor

/// Entry point: selects the OpenBLAS kernel (re-exec before any BLAS call), sets up logging,
/// then hands over to the command tree.
@main
enum WardenMain {
    static func main() async {
        var reexecFailure: Error?
        do {
            try OpenBLASRuntime.reexecWithPreferredCoreIfNeeded(arguments: CommandLine.arguments)
        } catch {
            reexecFailure = error
        }
        LoggingSystem.bootstrap(StreamLogHandler.standardError)
        if let reexecFailure {
            Logger(label: "warden").warning("\(reexecFailure)")
        }
        await WardenCommand.main()
    }
}
