import Testing
@testable import Tensor

@Suite("OpenBLAS runtime")
struct OpenBLASRuntimeTests {
    @Test("AVX-512 CPUs without a user choice get SkylakeX")
    func preferredCore() {
        #expect(OpenBLASRuntime.preferredCoreType(environment: [:], cpuHasAVX512F: true) == "SkylakeX")
        #expect(OpenBLASRuntime.preferredCoreType(environment: [:], cpuHasAVX512F: false) == nil)
        #expect(OpenBLASRuntime.preferredCoreType(environment: ["OPENBLAS_CORETYPE": "Haswell"],
                                                  cpuHasAVX512F: true) == nil)
    }

    @Test("the library reports a kernel and at least one thread")
    func reportsCore() {
        #expect(!OpenBLASRuntime.coreName.isEmpty)
        #expect(OpenBLASRuntime.threadCount >= 1)
    }

    @Test("sgemm computes a known product")
    func sgemmProduct() {
        let result = SgemmBenchmark(minimumSeconds: 0.01).run(.init(name: "tiny", m: 8, n: 8, k: 8))
        #expect(result.gflops > 0)
    }
}
