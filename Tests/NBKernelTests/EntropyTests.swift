import CKernelTests
import NBHost
import XCTest

/// rnd(9) as `nbshim attach` shows it: callback sources asked once a second (the way viornd's
/// entropy keeps coming), and the host's listing of every source's counts.
final class EntropyTests: KernelTestCase {
    func testCallbackSourcesAreAskedEverySecond() { runKernelTest("rnd_asks_every_second") }

    func testHostListsSourcesWithTheirCounts() throws {
        Kernel.bootForTests()
        let host = try AttachHost(report: { _ in })
        runKernelTest("rnd_list_attach")
        let source = host.entropySources().first { $0.name == "ktestlist0" }
        runKernelTest("rnd_list_detach")
        XCTAssertEqual(source, EntropySource(name: "ktestlist0", type: 5, bytes: 48, samples: 3))
        XCTAssertEqual(source?.line, "rnd: ktestlist0 (rng): 48 bytes in 3 samples")
        XCTAssertFalse(host.entropySources().contains { $0.name == "ktestlist0" })
    }
}
