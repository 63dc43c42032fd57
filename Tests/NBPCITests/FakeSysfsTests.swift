import XCTest
@testable import NBPCI

/// The fake tree must read back through PCIDevice exactly as the real /sys would.
final class FakeSysfsTests: XCTestCase {
    func testPCIDeviceReadsFakeTree() throws {
        let sys = try FakeSysfs()
        let a = PCIAddress(domain: 1, bus: 0x0a, device: 0x1f, function: 7)
        try sys.add(.init(address: a, driver: "e1000", iommuGroup: 12))
        try sys.add(.init(address: PCIAddress(bus: 0, device: 4, function: 0), vendor: 0x1234, device: 0x11e8,
                          classCode: 0x00ff00, revision: 0x10, subsystem: nil))

        let all = try PCIDevice.all(paths: sys.paths)
        XCTAssertEqual(all.map(\.address.description), ["0000:00:04.0", "0001:0a:1f.7"])
        let e = all[1]
        XCTAssertEqual(e.id, PCIID(vendor: 0x8086, device: 0x100e))
        XCTAssertEqual(e.subsystem, PCIID(vendor: 0x1af4, device: 0x1100))
        XCTAssertEqual(e.classCode, 0x020000)
        XCTAssertEqual(e.revision, 3)
        XCTAssertEqual(e.driver, "e1000")
        XCTAssertEqual(e.iommuGroup, 12)
        XCTAssertEqual(SysFile.resolved(e.path), SysFile.resolved(sys.deviceDir(a)))
        XCTAssertTrue(SysFile.exists(sys.paths.pciDrivers + "/e1000/\(a)/vendor"), "driver's BDF link resolves")
        XCTAssertTrue(SysFile.exists(sys.paths.sys + "/kernel/iommu_groups/12/devices/\(a)/vendor"))

        let edu = all[0]
        XCTAssertNil(edu.driver)
        XCTAssertNil(edu.iommuGroup)
        XCTAssertNil(edu.subsystem)
        XCTAssertEqual(SysFile.bytes(edu.path + "/config")?.prefix(4), [0x34, 0x12, 0xe8, 0x11])

        try sys.unbind(a)
        XCTAssertNil(try PCIDevice(a, paths: sys.paths).driver)
        XCTAssertFalse(SysFile.exists(sys.paths.pciDrivers + "/e1000/\(a)"))
        XCTAssertEqual(sys.contents("bus/pci/drivers/e1000/bind"), "")
    }
}
