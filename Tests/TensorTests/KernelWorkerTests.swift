import Synchronization
import Testing
@testable import Tensor

/// The kernel worker: work offered to it is run exactly once, by whichever thread takes it.
@Suite("Kernel worker thread")
struct KernelWorkerTests {
    final class Tally: Sendable {
        let counts: Mutex<[Int]>
        init(_ n: Int) { counts = Mutex(Array(repeating: 0, count: n)) }
        func add(_ i: Int) { counts.withLock { $0[i] += 1 } }
        var values: [Int] { counts.withLock { $0 } }
    }

    @Test("share runs every chunk exactly once, over many calls in a row", arguments: [0, 1, 2, 7, 64])
    func shareRunsEachChunkOnce(count: Int) {
        for _ in 0..<200 {
            let tally = Tally(max(count, 1))
            KernelWorker.shared.share(count) { tally.add($0) }
            #expect(tally.values == (count == 0 ? [0] : Array(repeating: 1, count: count)))
        }
    }

    @Test("run runs both pieces once, and the caller's piece on the calling thread")
    func runRunsBothPieces() {
        for _ in 0..<200 {
            let tally = Tally(2)
            var mineRan = 0
            KernelWorker.shared.run({ mineRan += 1; tally.add(0) }, { tally.add(1) })
            #expect(mineRan == 1)
            #expect(tally.values == [1, 1])
        }
    }

    @Test("callers on several threads at once each get all their chunks run")
    func concurrentCallers() async {
        await withTaskGroup(of: [Int].self) { group in
            for _ in 0..<4 {
                group.addTask {
                    let tally = Tally(16)
                    for _ in 0..<50 { KernelWorker.shared.share(16) { tally.add($0) } }
                    return tally.values
                }
            }
            for await values in group { #expect(values == Array(repeating: 50, count: 16)) }
        }
    }
}
