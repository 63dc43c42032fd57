import CLinuxVFIO
import Foundation
import NBPCI

/// One IOMMU group opened through vfio, in a container of its own: the IOMMU address space that
/// every device of the group DMAs through. The kernel lets a group be opened once, so devices of
/// one group share it through a process-wide table while any of them is open.
final class VFIOGroup: @unchecked Sendable {
    let number: Int
    let containerFD: Int32
    let groupFD: Int32
    let dma: VFIODMA
    private var users = 0

    nonisolated(unsafe) private static var open: [Int: VFIOGroup] = [:]
    private static let tableLock = NSLock()

    /// The group `number`, opened now or shared with a device that opened it before.
    static func acquire(_ number: Int, for device: PCIDevice, paths: HostPaths) throws -> VFIOGroup {
        tableLock.lock()
        defer { tableLock.unlock() }
        let g = try open[number] ?? VFIOGroup(number, for: device, paths: paths)
        open[number] = g
        g.users += 1
        return g
    }

    /// Ends one device's use; the last unmaps all DMA memory and closes the group and container.
    func release() {
        Self.tableLock.lock()
        users -= 1
        let last = users == 0
        if last { Self.open[number] = nil }
        Self.tableLock.unlock()
        guard last else { return }
        dma.freeAll()
        close(groupFD)
        close(containerFD)
    }

    private init(_ number: Int, for device: PCIDevice, paths: HostPaths) throws {
        self.number = number
        let a = device.address
        let containerFD = try Self.openFile(paths.dev + "/vfio/vfio", missing: "the vfio module is not loaded: run 'nbshim bind --to vfio \(a)' (it loads vfio-pci)")
        var done = false
        defer { if !done { close(containerFD) } }
        guard clv_get_api_version(containerFD) == VFIO_API_VERSION else {
            throw PCIError("\(paths.dev)/vfio/vfio speaks vfio API \(clv_get_api_version(containerFD)), not \(VFIO_API_VERSION): this kernel's vfio is not supported")
        }
        let type: UInt
        if clv_check_extension(containerFD, UInt(VFIO_TYPE1v2_IOMMU)) > 0 {
            type = UInt(VFIO_TYPE1v2_IOMMU)
        } else if clv_check_extension(containerFD, UInt(VFIO_TYPE1_IOMMU)) > 0 {
            type = UInt(VFIO_TYPE1_IOMMU)
        } else {
            throw PCIError("vfio offers no type1 IOMMU: load vfio_iommu_type1 (modprobe vfio_iommu_type1) and boot with intel_iommu=on or amd_iommu=on")
        }
        let node = paths.dev + "/vfio/\(number)"
        let groupFD = try Self.openFile(node, missing: "\(node) does not exist: bind \(a) to vfio-pci (nbshim bind --to vfio \(a))",
                                   busy: "IOMMU group \(number) of \(a) is already open in another process (another nbshim, or QEMU): stop it first")
        defer { if !done { close(groupFD) } }
        var status = vfio_group_status()
        status.argsz = UInt32(MemoryLayout<vfio_group_status>.size)
        guard clv_group_get_status(groupFD, &status) == 0 else {
            throw PCIError("VFIO_GROUP_GET_STATUS on \(node) failed: \(String(cString: strerror(errno)))")
        }
        guard status.flags & UInt32(VFIO_GROUP_FLAGS_VIABLE) != 0 else {
            // Binder knows which members spoil the group and says how to fix it.
            _ = try Binder(paths: paths).viableGroup(of: device, handedOver: [])
            throw PCIError("IOMMU group \(number) of \(a) is not viable: every device in \(paths.sys)/kernel/iommu_groups/\(number)/devices must be on vfio-pci or no driver")
        }
        guard clv_group_set_container(groupFD, containerFD) == 0 else {
            throw PCIError("VFIO_GROUP_SET_CONTAINER for IOMMU group \(number) failed: \(String(cString: strerror(errno)))")
        }
        guard clv_set_iommu(containerFD, type) == 0 else {
            throw PCIError("VFIO_SET_IOMMU (type1) for IOMMU group \(number) failed: \(String(cString: strerror(errno)))")
        }
        self.containerFD = containerFD
        self.groupFD = groupFD
        dma = VFIODMA(containerFD: containerFD, iova: try Self.iovaRanges(containerFD), group: number, sys: paths.sys)
        done = true
    }

    /// Where the IOMMU can map, from the IOVA-range capability (the aperture minus reserved
    /// regions); kernels without it get the low 4 GiB minus the x86 MSI window.
    private static func iovaRanges(_ container: Int32) throws -> [ClosedRange<UInt64>] {
        let info = try VFIOInfo(size: MemoryLayout<vfio_iommu_type1_info>.size, what: "VFIO_IOMMU_GET_INFO") {
            clv_iommu_get_info(container, $0.assumingMemoryBound(to: vfio_iommu_type1_info.self))
        }
        let flags = info.load(4, as: UInt32.self)
        let first = flags & UInt32(VFIO_IOMMU_INFO_CAPS) != 0 ? info.load(16, as: UInt32.self) : 0
        if let cap = info.capabilities(id: UInt16(VFIO_IOMMU_TYPE1_INFO_CAP_IOVA_RANGE), first: first).first {
            let n = Int(info.load(cap + 8, as: UInt32.self))
            let ranges = (0..<n).map { i -> ClosedRange<UInt64> in
                let at = cap + 16 + i * 16
                return info.load(at, as: UInt64.self)...info.load(at + 8, as: UInt64.self)
            }
            if !ranges.isEmpty { return ranges }
        }
        return [0...0xfedf_ffff, 0xfef0_0000...0xffff_ffff]
    }

    private static func openFile(_ path: String, missing: String, busy: String? = nil) throws -> Int32 {
        let fd = Foundation.open(path, O_RDWR | O_CLOEXEC)
        guard fd < 0 else { return fd }
        switch errno {
        case ENOENT: throw PCIError(missing)
        case EBUSY where busy != nil: throw PCIError(busy!)
        case EACCES, EPERM: throw PCIError("cannot open \(path): \(String(cString: strerror(errno))): run as root")
        default: throw PCIError("cannot open \(path): \(String(cString: strerror(errno)))")
        }
    }
}
