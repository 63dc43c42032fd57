import CLinuxVFIO
import Foundation
import NBPCI
import NBSystem
import SystemPackage

/// One IOMMU group opened through vfio. The kernel lets a group be opened once, so devices of one
/// group share it through a process-wide table while any of them is open. Every group joins the
/// process's one container (VFIOContainer): one IOMMU address space for all of nbshim's devices, so
/// DMA memory of one device (the mbuf arena) is reachable by the others at the same IOVA.
final class VFIOGroup: @unchecked Sendable {
    let number: Int
    let groupFD: Int32
    let container: VFIOContainer
    var dma: VFIODMA { container.dma! }
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

    /// Ends one device's use; the last closes the group and leaves the container.
    func release() {
        Self.tableLock.lock()
        users -= 1
        let last = users == 0
        if last {
            Self.open[number] = nil
            container.leave(closing: groupFD)
        }
        Self.tableLock.unlock()
    }

    private init(_ number: Int, for device: PCIDevice, paths: HostPaths) throws {
        self.number = number
        let a = device.address
        let container = try VFIOContainer.join(paths: paths, for: a)
        var done = false
        var groupFD: Int32 = -1
        defer { if !done { container.leave(closing: groupFD) } }
        let node = paths.dev + "/vfio/\(number)"
        groupFD = try Self.openFile(node, missing: "\(node) does not exist: bind \(a) to vfio-pci (nbshim bind --to vfio \(a))",
                                   busy: "IOMMU group \(number) of \(a) is already open in another process (another nbshim, or QEMU): stop it first")
        var status = vfio_group_status()
        status.argsz = UInt32(MemoryLayout<vfio_group_status>.size)
        guard clv_group_get_status(groupFD, &status) == 0 else {
            throw HostError("VFIO_GROUP_GET_STATUS on \(node) failed", errno: .last)
        }
        guard status.flags & UInt32(VFIO_GROUP_FLAGS_VIABLE) != 0 else {
            // Binder knows which members spoil the group and says how to fix it.
            _ = try Binder(paths: paths).viableGroup(of: device, handedOver: [])
            throw HostError("IOMMU group \(number) of \(a) is not viable: every device in \(paths.sys)/kernel/iommu_groups/\(number)/devices must be on vfio-pci or no driver")
        }
        guard clv_group_set_container(groupFD, container.fd) == 0 else {
            throw HostError("VFIO_GROUP_SET_CONTAINER for IOMMU group \(number) failed", errno: .last)
        }
        try container.groupAdded(number)
        self.container = container
        self.groupFD = groupFD
        done = true
    }

    static func openFile(_ path: String, missing: String, busy: String? = nil) throws -> Int32 {
        let fd = Foundation.open(path, O_RDWR | O_CLOEXEC)
        guard fd < 0 else { return fd }
        let e = Errno.last
        switch e {
        case .noSuchFileOrDirectory: throw HostError(missing)
        case .resourceBusy where busy != nil: throw HostError(busy!)
        case .permissionDenied, .notPermitted: throw HostError("cannot open \(path)", errno: e, fix: "run as root")
        default: throw HostError("cannot open \(path)", errno: e)
        }
    }
}

/// The process's vfio container: opened by the first group, given its IOMMU type once that group
/// is in it (the kernel needs a group first), closed with its DMA memory when the last group leaves.
/// Callers hold VFIOGroup's table lock.
final class VFIOContainer: @unchecked Sendable {
    let fd: Int32
    private let type: UInt
    private let sys: String
    private(set) var dma: VFIODMA?
    private var groups = 0

    nonisolated(unsafe) private static var current: VFIOContainer?

    static func join(paths: HostPaths, for a: PCIAddress) throws -> VFIOContainer {
        let c = try current ?? VFIOContainer(paths: paths, for: a)
        current = c
        c.groups += 1
        return c
    }

    /// One group fewer (also after a failed join), closing its descriptor (-1: none). With the last
    /// one the DMA memory is unmapped first, while the container still has an IOMMU, then all closes.
    func leave(closing group: Int32) {
        groups -= 1
        if groups == 0 { dma?.freeAll() }
        if group >= 0 { close(group) }
        guard groups == 0 else { return }
        close(fd)
        Self.current = nil
    }

    private init(paths: HostPaths, for a: PCIAddress) throws {
        let fd = try VFIOGroup.openFile(paths.dev + "/vfio/vfio", missing: "the vfio module is not loaded: run 'nbshim bind --to vfio \(a)' (it loads vfio-pci)")
        guard clv_get_api_version(fd) == VFIO_API_VERSION else {
            close(fd)
            throw HostError("\(paths.dev)/vfio/vfio speaks vfio API \(clv_get_api_version(fd)), not \(VFIO_API_VERSION): this kernel's vfio is not supported")
        }
        if clv_check_extension(fd, UInt(VFIO_TYPE1v2_IOMMU)) > 0 {
            type = UInt(VFIO_TYPE1v2_IOMMU)
        } else if clv_check_extension(fd, UInt(VFIO_TYPE1_IOMMU)) > 0 {
            type = UInt(VFIO_TYPE1_IOMMU)
        } else {
            close(fd)
            throw HostError("vfio offers no type1 IOMMU: load vfio_iommu_type1 (modprobe vfio_iommu_type1) and boot with intel_iommu=on or amd_iommu=on")
        }
        self.fd = fd
        sys = paths.sys
    }

    /// A group joined: the first sets the IOMMU type and makes the DMA allocator over the
    /// container's IOVA ranges.
    func groupAdded(_ number: Int) throws {
        guard dma == nil else { return }
        guard clv_set_iommu(fd, type) == 0 else {
            throw HostError("VFIO_SET_IOMMU (type1) for IOMMU group \(number) failed", errno: .last)
        }
        dma = VFIODMA(containerFD: fd, iova: try Self.iovaRanges(fd), sys: sys)
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
}
