import CNetBSDShim
import Foundation
import NBHost
import NBModels
import NBPCI
import XCTest

/// The host entry points nbk_pci_attach/nbk_detach_all, with the test driver of
/// Tests/CKernelTests/autoconf_pci_test.c on the in-process edu model.
final class AutoconfPCITests: KernelTestCase {
    func testAttachLineHooksAndDetach() throws {
        Kernel.bootForTests()
        let edu = EduModel.device()
        let handle = HostDeviceHandle.retain(edu)
        defer { HostDeviceHandle.release(handle); edu.close() }
        runKernelTest("ktpci_enable")
        defer { runKernelTest("ktpci_disable") }

        var rc: Int32 = -1
        XCTAssertEqual(nbk_pci_property(handle, "kt-flag", nil), 0)
        XCTAssertEqual(nbk_pci_property(handle, "kt-off", "false"), 0)
        XCTAssertEqual(nbk_pci_property(handle, "kt-number", "0x28"), 0)
        XCTAssertEqual(nbk_pci_property(handle, "kt-string", "qemu"), 0)
        XCTAssertEqual(nbk_pci_property(handle, "", "x"), 22 /* EINVAL */)
        let attach = try captureStandardOutput { rc = nbk_pci_attach(handle, 0, 4, 0) }
        XCTAssertEqual(rc, 0, attach)
        XCTAssertTrue(attach.contains("ktpci0 at pci0 dev 4 function 0: test PCI driver\n"), attach)
        runKernelTest("ktpci_attached")
        runKernelTest("ktpci_properties")
        XCTAssertEqual(nbk_pci_attach(handle, 0, 4, 0), 16 /* EBUSY */, "a function attaches once")

        let detach = try captureStandardOutput { rc = nbk_detach_all() }
        XCTAssertEqual(rc, 0, detach)
        XCTAssertTrue(detach.contains("ktpci0: detached\n"), detach)
        runKernelTest("ktpci_detached")
    }

    func testUnknownFunctionIsNotConfigured() throws {
        Kernel.bootForTests()
        let dev = ModelDevice(UnknownModel(), address: PCIAddress(domain: 0, bus: 0, device: 5, function: 1))
        let handle = HostDeviceHandle.retain(dev)
        defer { HostDeviceHandle.release(handle); dev.close() }
        var rc: Int32 = -1
        let out = try captureStandardOutput { rc = nbk_pci_attach(handle, 0, 5, 1) }
        XCTAssertEqual(rc, 6 /* ENXIO */)
        XCTAssertTrue(out.contains("vendor feed product beef (class 0xff, subclass 0x00, revision 0x02) "
            + "at pci0 dev 5 function 1 not configured\n"), out)
        XCTAssertEqual(nbk_detach_all(), 0)
    }
}

/// A function no driver knows: only an identity in config space.
private final class UnknownModel: DeviceModel {
    var initialConfig: [UInt8] {
        var c = [UInt8](repeating: 0, count: 64)
        c[0] = 0xed; c[1] = 0xfe; c[2] = 0xef; c[3] = 0xbe   // vendor feed, device beef
        c[8] = 0x02; c[11] = 0xff                            // revision 2, class ff
        return c
    }
    var barSizes: [Int: Int] { [:] }
    func attach(_ bus: ModelBus) {}
    func read(bar: Int, offset: Int, width: Int) -> UInt64 { 0 }
    func write(bar: Int, offset: Int, width: Int, value: UInt64) {}
}
