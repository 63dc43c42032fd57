import CKernelTests
import Foundation
import NBHost
import NBModels
import NBPCI
import XCTest

/// The edu driver (Drivers/edu) on the in-process edu model, through the same entry points as
/// `nbshim attach`: nbk_pci_attach, interrupts and DMA through the host hypercalls, nbk_detach_all.
/// The kernel-side checks are KTESTs in Tests/CKernelTests/edu_test.c.
final class EduDriverTests: KernelTestCase {
    func testAttachSelfTestsStormAndDetach() throws {
        Kernel.bootForTests()
        let device = EduModel.device()
        defer { device.close() }
        let host = try AttachHost(report: { _ in })

        let attachOutput = try captureStandardOutput { XCTAssertTrue(host.attach(device), "edu attached") }
        var rest = attachOutput[...]
        for pattern in [#"edu0 at pci0 dev 4 function 0: QEMU edu device \(rev\. 0x10\)\n"#,
                        #"edu0: version 1\.0, liveness check passed\n"#,
                        #"edu0: interrupting at .+\n"#,
                        #"edu0: factorial\(12\) = 479001600 \(correct\)\n"#,
                        #"edu0: DMA 4096 bytes RAM -> device -> RAM at 0x[0-9a-f]+: match\n"#] {
            let r = rest.range(of: pattern, options: .regularExpression)
            XCTAssertNotNil(r, "no /\(pattern)/ in order in:\n\(attachOutput)")
            if let r { rest = rest[r.upperBound...] }
        }

        runKernelTest("edu_attached")
        runKernelTest("edu_factorial_sysctl")
        let before = device.interruptsDelivered
        runKernelTest("edu_storm_10k")
        XCTAssertGreaterThanOrEqual(device.interruptsDelivered - before, 10_000)
        XCTAssertEqual((device.model as? EduModel)?.errors ?? ["not an edu model"], [])

        let detachOutput = try captureStandardOutput { XCTAssertNoThrow(try host.detachAll()) }
        XCTAssertNotNil(detachOutput.range(of: #"edu0: [0-9]+ interrupts, 4 DMA transfers, 0 timeouts\n"#,
                                           options: .regularExpression), detachOutput)
        XCTAssertTrue(detachOutput.contains("edu0: detached\n"), detachOutput)
        runKernelTest("edu_detached")
    }

    func testDeviceWithoutDriverIsNotAttached() throws {
        Kernel.bootForTests()
        let device = ModelDevice(UnknownModel(), address: PCIAddress(bus: 0, device: 5, function: 0))
        defer { device.close() }
        let host = try AttachHost(report: { _ in })
        let output = try captureStandardOutput { XCTAssertFalse(host.attach(device)) }
        XCTAssertTrue(output.contains("not configured"), output)
        XCTAssertNoThrow(try host.detachAll())
    }
}

/// A function no driver matches (1234:11e9, no BARs).
private final class UnknownModel: DeviceModel {
    var initialConfig: [UInt8] {
        var c = [UInt8](repeating: 0, count: 64)
        c[0...3] = [0x34, 0x12, 0xe9, 0x11]
        c[0x0b] = 0xff  // class: device does not fit any defined class
        return c
    }
    var barSizes: [Int: Int] { [:] }
    func attach(_ bus: ModelBus) {}
    func read(bar: Int, offset: Int, width: Int) -> UInt64 { 0 }
    func write(bar: Int, offset: Int, width: Int, value: UInt64) {}
}
