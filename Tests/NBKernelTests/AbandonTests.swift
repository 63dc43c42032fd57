import CKernelTests
import CNetBSDShim
import Foundation
import NBHost
import NBModels
import NBPCI
import XCTest

/// A driver without a detach function (Tests/CKernelTests/abandon_test.c, like viornd) at exit:
/// nbk_detach_all succeeds, says so in one line per such device, and the host takes the function
/// away: interrupts gone, bus mastering and decoding off, reads through the driver's tags all ones.
final class AbandonTests: KernelTestCase {
    func testDriverWithoutDetachIsQuiescedAtExit() throws {
        Kernel.bootForTests()
        let device = EduModel.device()
        defer { device.close() }
        let reports = ReportLines()
        let host = try AttachHost(report: { reports.add($0) })
        runKernelTest("ktnodet_enable")
        defer { runKernelTest("ktnodet_disable") }

        XCTAssertTrue(host.attach(device), "ktnodet attached")
        try device.barWrite(0, 0x60, width: 4, 1)                // the model raises an interrupt
        try waitFor("the first interrupt") { device.interruptsDelivered > 0 }
        runKernelTest("ktnodet_attached")

        let output = try captureStandardOutput { do { try host.detachAll() } catch { XCTFail("\(error)") } }
        XCTAssertTrue(output.contains("ktnodet0: no detach function; quiesced at exit\n"), output)
        XCTAssertFalse(output.contains("ktnodet0: detached"), output)
        XCTAssertEqual(reports.all.count, 1, "\(reports.all)")
        XCTAssertTrue(reports.all.first?.hasPrefix("\(device.address): taken from its driver: bus mastering and decoding off") ?? false,
                      "\(reports.all)")
        XCTAssertEqual(try device.configRead(0x04, as: UInt16.self) & 0x0407, 0x0400,
                       "COMMAND: bus master, memory and I/O decoding off, INTx disabled")

        runKernelTest("ktnodet_taken")
        let delivered = device.interruptsDelivered
        try device.barWrite(0, 0x60, width: 4, 2)
        Thread.sleep(forTimeInterval: 0.2)
        XCTAssertEqual(device.interruptsDelivered, delivered, "no handler runs after the function was taken")
        runKernelTest("ktnodet_quiet")
        runKernelTest("ktnodet_cleanup")
        XCTAssertEqual(nbk_detach_all(), 0, "the buses detach once the device is gone")
    }

    private func waitFor(_ what: String, _ cond: () -> Bool) throws {
        let deadline = Date().addingTimeInterval(5)
        while !cond() {
            guard Date() < deadline else { throw PCIError("timed out waiting for \(what)") }
            Thread.sleep(forTimeInterval: 0.01)
        }
    }
}

private final class ReportLines: @unchecked Sendable {
    private var lines: [String] = []
    private let lock = NSLock()
    func add(_ s: String) { lock.lock(); lines.append(s); lock.unlock() }
    var all: [String] { lock.lock(); defer { lock.unlock() }; return lines }
}
