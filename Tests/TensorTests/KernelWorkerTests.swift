import Synchronization
import Testing
@testable import Tensor

/// The kernel worker: chunks offered to it are run exactly once, by whichever thread takes them,
/// and a caller that is turned away (worker busy or sitting out) has had nothing run.
@Suite("Kernel worker thread")
struct KernelWorkerTests {
    final class Tally: Sendable {
        let counts: Mutex<[Int]>
        init(_ n: Int) { counts = Mutex(Array(repeating: 0, count: n)) }
        func add(_ i: Int) { counts.withLock { $0[i] += 1 } }
        var values: [Int] { counts.withLock { $0 } }
    }

    /// `Tensor.shareWithWorker`, with the caller running every chunk itself when turned away.
    static func share(_ count: Int, _ tally: Tally) -> Bool {
        let before = tally.values
        if Tensor.shareWithWorker(count, { tally.add($0) }) { return true }
        #expect(tally.values == before, "turned away after running chunks")
        for i in 0..<count { tally.add(i) }
        return false
    }

    @Test("every chunk runs exactly once, over many calls in a row", arguments: [1, 2, 7, 64])
    func eachChunkOnce(count: Int) {
        // Whether the worker takes a call depends on the scheduler (under load it sits out), so
        // only the outcome is checked: each chunk once, and nothing run by a turned-away call.
        for _ in 0..<300 {
            let tally = Tally(count)
            _ = Self.share(count, tally)
            #expect(tally.values == Array(repeating: 1, count: count))
        }
    }

    @Test("runPair runs both pieces once")
    func runPairRunsBoth() {
        for _ in 0..<300 {
            let tally = Tally(2)
            Tensor.runPair({ tally.add(0) }, { tally.add(1) })
            #expect(tally.values == [1, 1])
        }
    }

    @Test("callers on several threads at once each get all their chunks run")
    func concurrentCallers() async {
        await withTaskGroup(of: [Int].self) { group in
            for _ in 0..<4 {
                group.addTask {
                    let tally = Tally(16)
                    for _ in 0..<50 { _ = Self.share(16, tally) }
                    return tally.values
                }
            }
            for await values in group { #expect(values == Array(repeating: 50, count: 16)) }
        }
    }
}
