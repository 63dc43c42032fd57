import Foundation
@testable import NBPCI

/// A throwaway sysfs tree in a temporary directory, laid out like Linux 6.x so code under test reads it
/// through `paths` exactly as it reads the real /sys:
///
///     sys/devices/pciDDDD:BB/DDDD:BB:DD.F/     vendor device class revision subsystem_vendor
///                                              subsystem_device irq config resource driver_override enable
///                                              driver -> ../../../bus/pci/drivers/NAME
///                                              iommu_group -> ../../../kernel/iommu_groups/N
///     sys/bus/pci/devices/BDF -> ../../../devices/pciDDDD:BB/BDF
///     sys/bus/pci/drivers/NAME/                bind unbind new_id remove_id, BDF -> the device
///     sys/bus/pci/drivers_probe, rescan
///     sys/kernel/iommu_groups/N/devices/BDF -> the device
///     proc/, dev/                              empty; tests add what they need
///
/// Control files (bind, unbind, driver_override, drivers_probe ...) are plain files: a test reads back
/// what the code wrote, and moves links with `bind`/`unbind` below to play the kernel's part.
/// The tree is removed when the object goes away.
final class FakeSysfs {
    let root: String
    let paths: HostPaths

    init() throws {
        var template = Array((NSTemporaryDirectory() + "/nbshim-fakesys-XXXXXX").utf8CString)
        guard let dir = mkdtemp(&template) else { throw PCIError("mkdtemp failed: \(errno)") }
        root = String(cString: dir)
        paths = HostPaths(sys: root + "/sys", proc: root + "/proc", dev: root + "/dev")
        for d in [paths.pciDevices, paths.pciDrivers, paths.sys + "/kernel/iommu_groups", paths.proc, paths.dev] {
            try mkdir(d)
        }
        try write("", to: paths.sys + "/bus/pci/drivers_probe")
        try write("", to: paths.sys + "/bus/pci/rescan")
    }

    deinit { try? FileManager.default.removeItem(atPath: root) }

    /// One line of a function's `resource` file: start, end (inclusive) and IORESOURCE_* flags.
    struct Resource {
        var start: UInt64
        var end: UInt64
        var flags: UInt64

        static let none = Resource(start: 0, end: 0, flags: 0)
        // Flag values as Linux reports them: type bits, IORESOURCE_SIZEALIGN (0x40000), the BAR's low bits.
        static func io(_ start: UInt64, size: UInt64) -> Resource {
            Resource(start: start, end: start + size - 1, flags: 0x40101)
        }
        static func mem32(_ start: UInt64, size: UInt64, prefetchable: Bool = false) -> Resource {
            Resource(start: start, end: start + size - 1, flags: prefetchable ? 0x42208 : 0x40200)
        }
        /// Occupies two BAR slots: follow it with `.none` in `Function.resources`.
        static func mem64(_ start: UInt64, size: UInt64, prefetchable: Bool = false) -> Resource {
            Resource(start: start, end: start + size - 1, flags: prefetchable ? 0x14220c : 0x140204)
        }
    }

    /// What one PCI function looks like. Defaults describe QEMU's e1000 at 0000:00:03.0 without a driver.
    struct Function {
        var address = PCIAddress(bus: 0, device: 3, function: 0)
        var vendor: UInt16 = 0x8086
        var device: UInt16 = 0x100e
        var classCode: UInt32 = 0x020000
        var revision: UInt8 = 0x03
        var subsystem: PCIID? = PCIID(vendor: 0x1af4, device: 0x1100)
        /// The `config` file's bytes; nil writes a 256-byte header that agrees with the ids above.
        var config: [UInt8]? = nil
        /// BAR 0-5 then the expansion ROM; missing lines are written as zeros (7 lines, as Linux does).
        var resources: [Resource] = []
        /// The `irq` attribute; nil leaves the file out.
        var irq: Int? = nil
        /// Bound Linux driver; its drivers/NAME directory is created when needed.
        var driver: String? = nil
        var iommuGroup: Int? = nil
    }

    /// Creates the function's directory, attributes and links; returns the directory (the resolved path).
    @discardableResult
    func add(_ f: Function) throws -> String {
        let a = f.address
        let dir = deviceDir(a)
        try mkdir(dir)
        try write(String(format: "0x%04x\n", f.vendor), to: dir + "/vendor")
        try write(String(format: "0x%04x\n", f.device), to: dir + "/device")
        try write(String(format: "0x%06x\n", f.classCode), to: dir + "/class")
        try write(String(format: "0x%02x\n", f.revision), to: dir + "/revision")
        if let s = f.subsystem {
            try write(String(format: "0x%04x\n", s.vendor), to: dir + "/subsystem_vendor")
            try write(String(format: "0x%04x\n", s.device), to: dir + "/subsystem_device")
        }
        if let irq = f.irq { try write("\(irq)\n", to: dir + "/irq") }
        let config = f.config ?? ConfigBlob(vendor: f.vendor, device: f.device, classCode: f.classCode,
                                            revision: f.revision, subsystem: f.subsystem).bytes
        try Data(config).write(to: URL(fileURLWithPath: dir + "/config"))
        var lines = f.resources
        while lines.count < 7 { lines.append(.none) }
        try write(lines.map { String(format: "0x%016llx 0x%016llx 0x%016llx\n", $0.start, $0.end, $0.flags) }
                    .joined(), to: dir + "/resource")
        try write("\n", to: dir + "/driver_override")
        try write("1\n", to: dir + "/enable")
        try symlink("../../../devices/pci\(hex(a.domain, 4)):\(hex(a.bus, 2))/\(a)", at: paths.device(a))
        if let d = f.driver { try bind(a, to: d) }
        if let g = f.iommuGroup {
            let group = paths.sys + "/kernel/iommu_groups/\(g)"
            try mkdir(group + "/devices")
            try symlink("../../../kernel/iommu_groups/\(g)", at: dir + "/iommu_group")
            try symlink("../../../../devices/pci\(hex(a.domain, 4)):\(hex(a.bus, 2))/\(a)",
                        at: group + "/devices/\(a)")
        }
        return dir
    }

    /// Creates sys/bus/pci/drivers/NAME with its control files (idempotent); returns its path.
    @discardableResult
    func addDriver(_ name: String) throws -> String {
        let dir = paths.pciDrivers + "/" + name
        if !SysFile.exists(dir) {
            try mkdir(dir)
            for f in ["bind", "unbind", "new_id", "remove_id"] { try write("", to: dir + "/" + f) }
        }
        return dir
    }

    /// Plays the kernel binding `a` to `driver`: the device's `driver` link and the driver's BDF link.
    func bind(_ a: PCIAddress, to driver: String) throws {
        try unbind(a)
        let ddir = try addDriver(driver)
        try symlink("../../../bus/pci/drivers/\(driver)", at: deviceDir(a) + "/driver")
        try symlink("../../../../devices/pci\(hex(a.domain, 4)):\(hex(a.bus, 2))/\(a)", at: ddir + "/\(a)")
    }

    /// Plays the kernel unbinding `a` from whatever driver it has (no-op when none).
    func unbind(_ a: PCIAddress) throws {
        let link = deviceDir(a) + "/driver"
        guard let name = SysFile.linkName(link) else { return }
        try FileManager.default.removeItem(atPath: link)
        try? FileManager.default.removeItem(atPath: paths.pciDrivers + "/\(name)/\(a)")
    }

    /// Overwrites (or creates) one attribute file of a function, e.g. `config` or `irq`.
    func setAttribute(_ name: String, of a: PCIAddress, to bytes: [UInt8]) throws {
        try Data(bytes).write(to: URL(fileURLWithPath: deviceDir(a) + "/" + name))
    }

    func setAttribute(_ name: String, of a: PCIAddress, to text: String) throws {
        try write(text, to: deviceDir(a) + "/" + name)
    }

    /// Contents of a file relative to the tree's sys/, e.g. "bus/pci/drivers/e1000/unbind".
    func contents(_ sysRelative: String) -> String? {
        FileManager.default.contents(atPath: paths.sys + "/" + sysRelative).map { String(decoding: $0, as: UTF8.self) }
    }

    /// The real (non-link) directory of a function.
    func deviceDir(_ a: PCIAddress) -> String {
        paths.sys + "/devices/pci\(hex(a.domain, 4)):\(hex(a.bus, 2))/\(a)"
    }

    private func hex<T: BinaryInteger>(_ v: T, _ width: Int) -> String {
        let s = String(v, radix: 16)
        return String(repeating: "0", count: max(0, width - s.count)) + s
    }

    private func mkdir(_ path: String) throws {
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    private func write(_ text: String, to path: String) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    }

    private func symlink(_ target: String, at path: String) throws {
        try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: target)
    }
}
