import CNetBSDShim
import Foundation
import NBHost
import NBPCI
import XCTest

/// I/O BARs through vfio (region pread/pwrite) on QEMU's rtl8139, whose registers appear both in
/// I/O BAR 0 and memory BAR 1. Runs inside `nbshim sandbox --iommu --device rtl8139` with the
/// function bound to vfio-pci (Tests/sandbox/vfio-checks.sh); skips anywhere else.
final class VFIOPortIOTests: XCTestCase {
    func testIOBarMatchesMemoryBar() throws {
        guard let found = try? PCIDevice.find("10ec:8139"), let nic = found.first(where: { $0.driver == "vfio-pci" }) else {
            throw XCTSkip("no rtl8139 bound to vfio-pci: run inside 'nbshim sandbox --iommu --device rtl8139'")
        }
        let device = try VFIODevice(address: nic.address)
        defer { device.close() }
        let mem = try device.mapBAR(1)
        // IDR0-5: the station address, in both BARs.
        let viaPorts = try (0..<6).map { UInt8(try device.barRead(0, $0, width: 1)) }
        let viaMemory = (0..<6).map { nbshim_mmio_read1(mem.base + $0) }
        XCTAssertEqual(viaPorts, viaMemory)
        XCTAssertEqual(Array(viaPorts.prefix(3)), [0x52, 0x54, 0x00], "QEMU's MAC prefix")
        // A 4-byte port write lands in the register the memory BAR shows (MAR0-3, the multicast filter).
        try device.barWrite(0, 0x08, width: 4, 0xa5c3_0f5a)
        XCTAssertEqual(nbshim_mmio_read4(mem.base + 0x08), 0xa5c3_0f5a)
        XCTAssertEqual(try device.barRead(0, 0x08, width: 2), 0x0f5a)
        // The personality's own port I/O: the device file at the region's offset.
        let file = try XCTUnwrap(try device.portIOFile(0))
        var raw: UInt32 = 0
        XCTAssertEqual(pread(file.fd, &raw, 4, off_t(file.offset) + 0x08), 4)
        XCTAssertEqual(UInt32(littleEndian: raw), 0xa5c3_0f5a)
        XCTAssertThrowsError(try device.mapBAR(0)) { XCTAssertTrue("\($0)".contains("I/O BAR"), "\($0)") }
        XCTAssertThrowsError(try device.barRead(0, 0x08, width: 8)) { XCTAssertTrue("\($0)".contains("1/2/4 bytes"), "\($0)") }
    }
}
