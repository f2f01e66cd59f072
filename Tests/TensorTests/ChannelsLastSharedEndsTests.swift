import CHalfGEMM
import Dispatch
import Synchronization
import Testing
@testable import Tensor

/// `warden_clconv_run_shared_ends`: two threads claim items from opposite ends of one problem
/// (the caller from the front, the kernel worker from the back) and never take an item twice.
@Suite("Channels-last convolution: items claimed from both ends")
struct ChannelsLastSharedEndsTests {
    static let (height, width, channels, outChannels) = (40, 40, 16, 96)   // 1x1 layer, 3 weight panels

    /// Runs `body` with a 1x1 problem over patterned values (output filled with NaN) and the
    /// expected output.
    func withProblem(_ body: (inout warden_clconv_problem, [Float]) -> Void) {
        let m = Self.height * Self.width, (c, n) = (Self.channels, Self.outChannels)
        let input = patternedValues(m * c, seed: 51), weights = patternedValues(c * n, seed: 52)
        var expected = [Float](repeating: 0, count: m * n)
        for q in 0..<m { for j in 0..<n { for i in 0..<c { expected[q * n + j] += input[q * c + i] * weights[i * n + j] } } }
        var packed = [Float](repeating: 0, count: warden_clconv_packed_count(Int32(c), Int32(n)))
        weights.withUnsafeBufferPointer { w in
            packed.withUnsafeMutableBufferPointer { warden_clconv_pack(w.baseAddress!, Int32(c), Int32(n), $0.baseAddress!) }
        }
        var output = [Float](repeating: .nan, count: m * n)
        input.withUnsafeBufferPointer { i in
            packed.withUnsafeBufferPointer { p in
                output.withUnsafeMutableBufferPointer { o in
                    var problem = warden_clconv_problem(
                        input: i.baseAddress!, in_row_stride: Self.width * c, in_pixel_stride: c, stride_y: 1, stride_x: 1,
                        taps: 1, tap_stride: 0, run: Int32(c), out_height: Int32(Self.height), out_width: Int32(Self.width),
                        output: o.baseAddress!, out_row_stride: Self.width * n, out_pixel_stride: n,
                        packed: p.baseAddress!, half: 0, n: Int32(n), bias: nil, residual: nil, relu: 0, isa_limit: 0)
                    body(&problem, expected)
                }
            }
        }
    }

    @Test("one thread from the back runs every item, in the same result as the front")
    func backAloneRunsEverything() {
        withProblem { problem, expected in
            let count = warden_clconv_item_count(&problem)
            #expect(count >= 6)
            var claims: UInt64 = 0
            let done = warden_clconv_run_shared_ends(&problem, &claims, 1)
            #expect(done == count)
            #expect(claims == UInt64(count) << 32)
            let output = Array(UnsafeBufferPointer(start: problem.output, count: expected.count))
            #expect(maxAbsDifference(output, expected) < 1e-4)
        }
    }

    @Test("the back stops where the front's claims end; the front then finds nothing left")
    func endsMeet() {
        withProblem { problem, expected in
            let count = warden_clconv_item_count(&problem)
            var claims: UInt64 = 3        // the front has claimed (and, here, skipped) items 0, 1, 2
            var done = warden_clconv_run_shared_ends(&problem, &claims, 1)
            #expect(done == count - 3)
            #expect(claims == (UInt64(count - 3) << 32) | 3)
            done += warden_clconv_run_shared_ends(&problem, &claims, 0)
            #expect(done == count - 3)
            let output = Array(UnsafeBufferPointer(start: problem.output, count: expected.count))
            // Items 0-2 are the first pixel block's three panels: exactly those pixels stay unwritten.
            let unwritten = output.indices.filter { output[$0].isNaN }
            #expect(!unwritten.isEmpty && unwritten.count % Self.outChannels == 0)
            #expect(unwritten == Array(0..<unwritten.count))
            #expect(unwritten.allSatisfy { !expected[$0].isNaN })
            let written = output.indices.filter { !output[$0].isNaN }
            #expect(written.allSatisfy { abs(output[$0] - expected[$0]) < 1e-4 })
        }
    }

    @Test("two threads at once run each item exactly once")
    func twoThreads() {
        withProblem { problem, expected in
            let count = warden_clconv_item_count(&problem)
            let layer = SharedLayer(problem)
            for _ in 0..<20 {
                layer.claims.pointee = 0
                let done = Mutex<Int32>(0)
                DispatchQueue.concurrentPerform(iterations: 2) { end in
                    let ran = layer.work(fromBack: end == 1)
                    done.withLock { $0 += ran }
                }
                #expect(done.withLock { $0 } == count)
                let claims = layer.claims.pointee
                #expect((claims & 0xffff_ffff) + (claims >> 32) == UInt64(count))
            }
            let output = Array(UnsafeBufferPointer(start: problem.output, count: expected.count))
            #expect(maxAbsDifference(output, expected) < 1e-4)
        }
    }
}
