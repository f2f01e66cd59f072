import Testing
@testable import Screening

@Suite("NormalizerBenchmark")
struct NormalizerBenchmarkTests {
    @Test("the report counts every sample and orders its percentiles")
    func report() throws {
        let benchmark = NormalizerBenchmark(matcher: try TestSupport.repositoryMatcher(), iterations: 2)
        let report = benchmark.run(prompts: NormalizerBenchmark.samplePrompts)
        #expect(report.samples == NormalizerBenchmark.samplePrompts.count * 2)
        #expect(report.p50Microseconds > 0)
        #expect(report.p50Microseconds <= report.p90Microseconds)
        #expect(report.p90Microseconds <= report.p99Microseconds)
        #expect(report.p99Microseconds <= report.maxMicroseconds)
        #expect(report.hitsPerPass > 0)
    }

    @Test("no prompts gives an empty report")
    func empty() throws {
        let report = NormalizerBenchmark(matcher: try TestSupport.matcher("0.5 x")).run(prompts: [])
        #expect(report.samples == 0)
        #expect(report.p50Microseconds == 0)
    }

    @Test("nearest-rank percentiles", arguments: [(0.5, 2.0), (0.9, 4.0), (0.99, 4.0), (0.0, 1.0)])
    func percentile(fraction: Double, expected: Double) {
        #expect(NormalizerBenchmark.percentile([1, 2, 3, 4], fraction) == expected)
    }
}
