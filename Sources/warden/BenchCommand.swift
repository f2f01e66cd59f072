import ArgumentParser
import Foundation
import Tensor

/// `warden bench ...`: benchmarks, printed as tables of figures measured side by side in one run.
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Run a benchmark and print its figures.",
        subcommands: [BenchBLASCommand.self, BenchTextEncoderCommand.self, BenchScreeningCommand.self,
                      BenchAuditCommand.self, BenchGenerateCommand.self, BenchImageScreeningCommand.self]
    )
}

/// `warden bench blas`: sgemm GFLOP/s on 1024^3 and two convolution shapes, as a share of the
/// FP32 peak measured by an FMA probe in the same run.
struct BenchBLASCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "blas",
        abstract: "sgemm GFLOP/s and share of the measured FP32 peak.")

    @Option(help: "Seconds spent per shape.")
    var seconds: Double = 1.0

    func run() async throws {
        let report = BLASReport.measure(secondsPerShape: seconds)
        print(report.table)
    }
}
