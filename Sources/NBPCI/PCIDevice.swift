import Foundation

/// One PCI function as sysfs describes it. Decoded config space (BARs, capabilities) is in ConfigSpace.
public struct PCIDevice: Sendable {
    public var address: PCIAddress
    public var id: PCIID
    public var subsystem: PCIID?
    /// base class << 16 | subclass << 8 | programming interface.
    public var classCode: UInt32
    public var revision: UInt8
    /// The Linux driver bound now, nil when none.
    public var driver: String?
    public var iommuGroup: Int?
    /// The sysfs directory of the function (`/sys/bus/pci/devices/0000:00:03.0`).
    public var path: String

    public var baseClass: UInt8 { UInt8(truncatingIfNeeded: classCode >> 16) }
    public var subClass: UInt8 { UInt8(truncatingIfNeeded: classCode >> 8) }
    public var isBridge: Bool { baseClass == 0x06 }

    /// Reads one function; a missing directory is a user error (a BDF that does not exist).
    public init(_ address: PCIAddress, paths: HostPaths = .live) throws {
        let dir = paths.device(address)
        guard SysFile.exists(dir) else {
            throw PCIError("no PCI device \(address) on this machine: `nbshim list` shows the devices there are")
        }
        guard let vendor = SysFile.hex(dir + "/vendor"), let device = SysFile.hex(dir + "/device"),
              let cls = SysFile.hex(dir + "/class")
        else { throw PCIError("\(dir): vendor, device or class attribute missing or unreadable") }
        self.address = address
        self.path = dir
        id = PCIID(vendor: UInt16(truncatingIfNeeded: vendor), device: UInt16(truncatingIfNeeded: device))
        if let sv = SysFile.hex(dir + "/subsystem_vendor"), let sd = SysFile.hex(dir + "/subsystem_device") {
            subsystem = PCIID(vendor: UInt16(truncatingIfNeeded: sv), device: UInt16(truncatingIfNeeded: sd))
        }
        classCode = UInt32(truncatingIfNeeded: cls)
        revision = UInt8(truncatingIfNeeded: SysFile.hex(dir + "/revision") ?? 0)
        driver = SysFile.linkName(dir + "/driver")
        iommuGroup = SysFile.linkName(dir + "/iommu_group").flatMap { Int($0) }
    }

    /// Every function under /sys/bus/pci/devices, in address order. Entries that are not BDFs are skipped.
    public static func all(paths: HostPaths = .live) throws -> [PCIDevice] {
        let names: [String]
        do { names = try FileManager.default.contentsOfDirectory(atPath: paths.pciDevices) } catch {
            throw PCIError("cannot read \(paths.pciDevices): is sysfs mounted?")
        }
        return try names.compactMap(PCIAddress.init).sorted().map { try PCIDevice($0, paths: paths) }
    }

    /// Resolves a command-line device: a BDF, or VENDOR:DEVICE when exactly one function matches.
    public static func find(_ spec: String, paths: HostPaths = .live) throws -> [PCIDevice] {
        if let a = PCIAddress(spec) { return [try PCIDevice(a, paths: paths)] }
        if let id = PCIID(spec) {
            let hits = try all(paths: paths).filter { $0.id == id }
            guard !hits.isEmpty else { throw PCIError("no PCI device with id \(id): `nbshim list` shows the ids there are") }
            return hits
        }
        throw PCIError("'\(spec)' is neither a PCI address (0000:00:03.0) nor a VENDOR:DEVICE id (8086:100e)")
    }
}
