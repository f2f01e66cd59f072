import Foundation
import Testing
@testable import Gateway
#if canImport(Glibc)
import Glibc
#endif

@Suite("Shutdown signal")
struct ShutdownSignalTests {
    @Test("wait(for:) returns the signal sent to the process, and the process survives it")
    func receivesSignal() async {
        // SIGUSR2 stands in for SIGTERM: nothing else in the test process uses it.
        let sender = Thread {
            usleep(200_000)
            kill(getpid(), SIGUSR2)
        }
        sender.start()
        let received = await ShutdownSignal.wait(for: [SIGUSR2])
        #expect(received == SIGUSR2)
    }
}
