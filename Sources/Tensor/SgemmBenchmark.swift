import COpenBLAS
import Dispatch

/// Times cblas_sgemm on the shapes Warden's models run, as GFLOP/s and as a share of the
/// measured FP32 peak.
public struct SgemmBenchmark: Sendable {
    /// One row-major C[M,N] = A[M,K] * B[K,N] shape.
    public struct Shape: Sendable, CustomStringConvertible {
        public var name: String
        public var m: Int, n: Int, k: Int
        public init(name: String, m: Int, n: Int, k: Int) {
            self.name = name; self.m = m; self.n = n; self.k = k
        }
        public var description: String { "\(name) (M=\(m) N=\(n) K=\(k))" }
        /// Floating-point operations of one product.
        public var flops: Double { 2 * Double(m) * Double(n) * Double(k) }
    }

    /// The result for one shape.
    public struct Result: Sendable {
        public var shape: Shape
        public var gflops: Double
        public var secondsPerCall: Double
    }

    /// 1024^3, then two convolution-as-matmul shapes of the generator UNet (im2col of a 3x3
    /// convolution: M = output channels, K = input channels x 9, N = pixels).
    public static let standardShapes: [Shape] = [
        Shape(name: "square 1024^3", m: 1024, n: 1024, k: 1024),
        Shape(name: "conv3x3 96->96 @64x64", m: 96, n: 4096, k: 864),
        Shape(name: "conv3x3 192->192 @16x16", m: 192, n: 256, k: 1728),
    ]

    /// Minimum time spent per shape; the best of the repeats is reported.
    public var minimumSeconds: Double

    public init(minimumSeconds: Double = 1.0) { self.minimumSeconds = minimumSeconds }

    /// Runs one shape: a warm-up call, then calls until `minimumSeconds` have passed, in
    /// batches; reports the best batch.
    public func run(_ shape: Shape) -> Result {
        var a = [Float](repeating: 0, count: shape.m * shape.k)
        var b = [Float](repeating: 0, count: shape.k * shape.n)
        var c = [Float](repeating: 0, count: shape.m * shape.n)
        for i in a.indices { a[i] = Float(i % 17) * 0.01 - 0.08 }
        for i in b.indices { b[i] = Float(i % 13) * 0.01 - 0.06 }
        func call() {
            a.withUnsafeBufferPointer { pa in
                b.withUnsafeBufferPointer { pb in
                    c.withUnsafeMutableBufferPointer { pc in
                        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans,
                                    Int32(shape.m), Int32(shape.n), Int32(shape.k), 1,
                                    pa.baseAddress, Int32(shape.k), pb.baseAddress, Int32(shape.n),
                                    0, pc.baseAddress, Int32(shape.n))
                    }
                }
            }
        }
        call()
        let batch = max(1, Int(2e9 / shape.flops))
        var best = Double.infinity
        var spent = 0.0
        while spent < minimumSeconds {
            let start = DispatchTime.now().uptimeNanoseconds
            for _ in 0..<batch { call() }
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 / Double(batch)
            best = min(best, seconds)
            spent += seconds * Double(batch)
        }
        return Result(shape: shape, gflops: shape.flops / best / 1e9, secondsPerCall: best)
    }
}
