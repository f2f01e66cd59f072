import Testing
import Tensor
@testable import Screening

@Suite("warden bench image-screening report")
struct ImageScreeningBenchReportTests {
    private func row(warden: Double, reference: Double) -> ImageScreeningBenchReport.Row {
        let timing = { (ms: Double) in ImageScreeningBenchReport.Timing(medianMs: ms, bestMs: ms * 0.9, calls: 10) }
        return .init(model: "nudity (open_nsfw)", endToEnd: timing(warden), network: timing(warden - 0.4),
                     macs: 1.07e9, score: 0.0143,
                     reference: .success(.init(runtime: "onnxruntime 1.32.0, 2 threads", endToEnd: timing(reference),
                                               model: timing(reference - 0.5), score: 0.0143)))
    }

    @Test("the speed-up is the reference's median over Warden's, and the host check is printed when measured")
    func tableCarriesRatioAndHostCheck() {
        let report = ImageScreeningBenchReport(image: "a.png (200x200)", threads: 2, coreName: "SKYLAKEX",
                                               rows: [row(warden: 5.0, reference: 6.0)], hostScaling: (1.96, 1.21))
        let table = report.table
        #expect(table.contains("1.20x"))
        #expect(table.contains("host check: 2 threads of an FMA loop ran at 1.96x one thread's rate before the nudity row, 1.21x after it"))
    }

    @Test("no host check line without a measurement or on one thread")
    func hostCheckOnlyWhenMeasured() {
        let unmeasured = ImageScreeningBenchReport(image: "a.png", threads: 2, coreName: "SKYLAKEX",
                                                   rows: [row(warden: 5.0, reference: 4.0)])
        #expect(!unmeasured.table.contains("host check"))
        #expect(unmeasured.table.contains("0.80x"))
        let oneThread = ImageScreeningBenchReport(image: "a.png", threads: 1, coreName: "SKYLAKEX",
                                                  rows: [row(warden: 5.0, reference: 4.0)], hostScaling: (1.0, 1.0))
        #expect(!oneThread.table.contains("host check"))
    }

    @Test("the probe's scaling is a finite rate between 0 and its thread count plus measurement noise")
    func probeScalingIsARatio() {
        let scaling = PeakProbe(threads: 2, iterations: 2_000_000).measureScaling(repeats: 1)
        #expect(scaling.isFinite)
        #expect(scaling > 0.3 && scaling < 2.6, "\(scaling)")
    }
}
