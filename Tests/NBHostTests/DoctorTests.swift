import Foundation
import XCTest
@testable import NBHost
@testable import NBPCI

/// doctor's checks over fake /sys, /proc and /lib/modules trees (the pagemap probe stays live).
final class DoctorTests: XCTestCase {
    var root = ""
    var paths: HostPaths { HostPaths(sys: root + "/sys", proc: root + "/proc", dev: root + "/dev",
                                     run: root + "/run", modules: root + "/lib/modules") }

    override func setUpWithError() throws {
        root = NSTemporaryDirectory() + "/nbshim-doctor-\(UUID().uuidString)"
        try put("6.1.0-56-amd64\n", "proc/sys/kernel/osrelease")
        try put("Name:\tnbshim\nUid:\t0\t0\t0\t0\nCapEff:\t000001ffffffffff\n", "proc/self/status")
        try put("Max locked memory         8388608              8388608              bytes\n", "proc/self/limits")
        try put("64\n", "sys/kernel/mm/hugepages/hugepages-2048kB/nr_hugepages")
        try put("64\n", "sys/kernel/mm/hugepages/hugepages-2048kB/free_hugepages")
        try put("kernel/drivers/uio/uio.ko.xz:\nkernel/drivers/uio/uio_pci_generic.ko.xz: kernel/drivers/uio/uio.ko.xz\n"
                + "kernel/drivers/vfio/pci/vfio-pci.ko.xz: kernel/drivers/vfio/pci/vfio-pci-core.ko.xz\n",
                "lib/modules/6.1.0-56-amd64/modules.dep")
        try put("kernel/drivers/pci/pcie/portdrv.ko\n", "lib/modules/6.1.0-56-amd64/modules.builtin")
        try FileManager.default.createDirectory(atPath: root + "/sys/kernel/iommu_groups", withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(atPath: root) }

    func put(_ text: String, _ rel: String) throws {
        let path = root + "/" + rel
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    }

    func check(_ name: String) throws -> DoctorCheck {
        try XCTUnwrap(Doctor.run(paths: paths).first { $0.check == name }, "no check \(name)")
    }

    func testUIOCapableGuestPasses() throws {
        let checks = Doctor.run(paths: paths)
        XCTAssertEqual(checks.map(\.check), ["privileges", "module uio", "module uio_pci_generic", "module vfio-pci",
                                             "hugepages", "iommu", "memlock", "pagemap", "leftovers"])
        for c in checks where c.check != "pagemap" && c.check != "iommu" { XCTAssertEqual(c.status, .ok, c.line) }
        XCTAssertEqual(try check("iommu").status, .warn, "no IOMMU is a warning, vfio only")
        XCTAssertTrue(Doctor.passed(checks.filter { $0.check != "pagemap" }), "warnings do not fail doctor")
    }

    func testHugepages() throws {
        XCTAssertEqual(try check("hugepages").line, "ok   64 free 2 MiB hugepages (of 64) for DMA memory")
        try put("0\n", "sys/kernel/mm/hugepages/hugepages-2048kB/nr_hugepages")
        try put("0\n", "sys/kernel/mm/hugepages/hugepages-2048kB/free_hugepages")
        let c = try check("hugepages")
        XCTAssertEqual(c.status, .FAIL)
        XCTAssertEqual(c.fix, "echo 64 > /sys/kernel/mm/hugepages/hugepages-2048kB/nr_hugepages")
        XCTAssertFalse(Doctor.passed([c]))
    }

    func testModules() throws {
        XCTAssertEqual(try check("module uio_pci_generic").detail, "module uio_pci_generic available (nbshim bind loads it)")
        XCTAssertEqual(try check("module vfio-pci").status, .ok, "vfio-pci.ko matches the dashed name")
        try FileManager.default.createDirectory(atPath: root + "/sys/module/vfio_pci", withIntermediateDirectories: true)
        XCTAssertEqual(try check("module vfio-pci").detail, "module vfio-pci loaded")

        try put("kernel/drivers/uio/uio.ko\n", "lib/modules/6.1.0-56-amd64/modules.builtin")
        XCTAssertEqual(try check("module uio").detail, "module uio built into the kernel")

        try put("kernel/drivers/net/e1000/e1000.ko.xz:\n", "lib/modules/6.1.0-56-amd64/modules.dep")
        let missing = try check("module uio_pci_generic")
        XCTAssertEqual(missing.status, .FAIL)
        XCTAssertEqual(missing.fix, "use a kernel built with CONFIG_UIO_PCI_GENERIC=m")
        XCTAssertEqual(try check("module vfio-pci").status, .ok, "still loaded")
        try FileManager.default.removeItem(atPath: root + "/sys/module/vfio_pci")
        XCTAssertEqual(try check("module vfio-pci").status, .warn, "vfio is optional")

        try put("6.18.44-custom\n", "proc/sys/kernel/osrelease")
        let noTree = try check("module uio_pci_generic")
        XCTAssertEqual(noTree.status, .FAIL)
        XCTAssertTrue(noTree.detail.contains("has no \(root)/lib/modules/6.18.44-custom"), noTree.detail)
        XCTAssertTrue(noTree.fix?.contains("apt-get install linux-image-6.18.44-custom") == true, noTree.line)
    }

    func testPrivileges() throws {
        XCTAssertEqual(try check("privileges").status, .ok)
        try put("Uid:\t65534\t65534\t65534\t65534\nCapEff:\t0000000000000000\n", "proc/self/status")
        let c = try check("privileges")
        XCTAssertEqual(c.status, .FAIL)
        XCTAssertEqual(c.line, "FAIL not running as root (uid 65534, no CAP_SYS_ADMIN); fix: run nbshim as root (sudo nbshim ...)")
        XCTAssertEqual(try check("memlock").status, .FAIL, "8 MiB without CAP_IPC_LOCK is too little")
        XCTAssertEqual(try check("memlock").fix, "ulimit -l unlimited (or a memlock line in /etc/security/limits.conf)")
    }

    func testMemlock() throws {
        XCTAssertEqual(try check("memlock").detail, "RLIMIT_MEMLOCK 8192 KiB, ignored with CAP_IPC_LOCK")
        try put("Uid:\t1000\t1000\t1000\t1000\nCapEff:\t0000000000000000\n", "proc/self/status")
        try put("Max locked memory         unlimited            unlimited            bytes\n", "proc/self/limits")
        XCTAssertEqual(try check("memlock").status, .ok)
    }

    func testIOMMUGroupsPresent() throws {
        try FileManager.default.createDirectory(atPath: root + "/sys/kernel/iommu_groups/0", withIntermediateDirectories: true)
        XCTAssertEqual(try check("iommu").line, "ok   1 IOMMU groups (vfio usable)")
    }

    func testJSONHasEveryField() throws {
        try put("0\n", "sys/kernel/mm/hugepages/hugepages-2048kB/free_hugepages")
        let json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(Doctor.run(paths: paths))) as? [[String: String]]
        let huge = try XCTUnwrap(json?.first { $0["check"] == "hugepages" })
        XCTAssertEqual(huge["status"], "FAIL")
        XCTAssertEqual(huge["fix"], "echo 128 > /sys/kernel/mm/hugepages/hugepages-2048kB/nr_hugepages")
    }

    /// A function in the fake sysfs, bound to `driver`.
    func addDevice(_ bdf: String, driver: String) throws {
        let dir = "sys/bus/pci/devices/\(bdf)"
        try put("0x8086\n", dir + "/vendor")
        try put("0x100e\n", dir + "/device")
        try put("0x020000\n", dir + "/class")
        try FileManager.default.createSymbolicLink(atPath: root + "/" + dir + "/driver", withDestinationPath: "../../../bus/pci/drivers/\(driver)")
    }

    func testWarnsAboutEachDeviceLeftBehindWithItsFix() throws {
        XCTAssertEqual(try check("leftovers").line, "ok   no devices left behind by an nbshim that ended")
        let state = StateDirectory(paths: paths)
        // 03.0: its attach was killed; 04.0: nbshim bind; 05.0: driven by a running attach (this process).
        for bdf in ["0000:00:03.0", "0000:00:04.0", "0000:00:05.0"] { try addDevice(bdf, driver: "uio_pci_generic") }
        let killed = PCIAddress("0000:00:03.0")!, bound = PCIAddress("0000:00:04.0")!, running = PCIAddress("0000:00:05.0")!
        try state.write(BindingRecord(driver: "e1000", override: nil, target: "uio_pci_generic", by: .attach, pid: 999_999), to: state.bindingPath(killed))
        try state.write(OwnerRecord(pid: 999_999, drives: ["wm0"]), to: state.ownerPath(killed))
        try state.write(BindingRecord(driver: "e1000", override: nil, target: "uio_pci_generic", by: .bind), to: state.bindingPath(bound))
        let lock = try DeviceLock.take(running, paths: paths)
        defer { lock.release() }
        try lock.own(drives: ["wm1"])
        try state.write(BindingRecord(driver: "e1000", override: nil, target: "uio_pci_generic", by: .attach), to: state.bindingPath(running))

        let warnings = Doctor.run(paths: paths).filter { $0.check.hasPrefix("leftover") }
        XCTAssertEqual(warnings.map(\.line), [
            "warn 0000:00:03.0 left behind on uio_pci_generic by nbshim pid 999999 (wm0), which is not running; it was on e1000; fix: nbshim unbind 0000:00:03.0"])
        XCTAssertEqual(warnings.first?.check, "leftover 0000:00:03.0")
        XCTAssertTrue(Doctor.passed(warnings), "a leftover is a warning")
    }

    /// Live: this process can translate its own pages only with CAP_SYS_ADMIN.
    func testPagemapProbeIsLive() throws {
        let c = try check("pagemap")
        if Doctor.ProcStatus(paths: .live).has(Doctor.capSysAdmin) {
            XCTAssertEqual(c.status, .ok, c.line)
        } else {
            XCTAssertEqual(c.status, .FAIL, c.line)
            XCTAssertTrue(c.line.contains("CAP_SYS_ADMIN"), c.line)
        }
    }
}
