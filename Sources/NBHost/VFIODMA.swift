import CLinuxVFIO
import Foundation
import NBPCI
import NBSystem
import SystemPackage

/// What memory backs DMA buffers under the IOMMU. Either works for any size: the IOMMU makes the
/// pages contiguous for the device. Hugepages make fewer, larger IOMMU page-table entries.
public enum DMABacking: Sendable {
    case pages       // 4 KiB anonymous pages
    case hugePages   // 2 MiB hugetlb pages (needs nr_hugepages)
}

/// DMA memory of the vfio container (every device's, VFIOContainer): ordinary anonymous memory, mapped for the device at an IOVA
/// we choose (IOVAAllocator) with VFIO_IOMMU_MAP_DMA, which pins the pages for as long as the
/// mapping lives. The device reaches exactly the mapped pages; anything else faults in the IOMMU.
/// No mlock: vfio pins the pages and charges them to RLIMIT_MEMLOCK itself (mlock would charge
/// them twice).
final class VFIODMA: @unchecked Sendable {
    private let containerFD: Int32
    private let sys: String
    private let lock = NSLock()
    private var iova: IOVAAllocator
    /// Live buffers by virtual address: their IOVA range and the length of their memory mapping.
    private var live: [UnsafeMutableRawPointer: (iova: UInt64, iovaLength: UInt64, length: Int)] = [:]
    static let iommuPage = 4096

    init(containerFD: Int32, iova ranges: [ClosedRange<UInt64>], sys: String = HostPaths.live.sys) {
        self.containerFD = containerFD
        self.sys = sys
        iova = IOVAAllocator(ranges: ranges)
    }

    func allocate(size: Int, constraints c: DMAConstraints, backing: DMABacking) throws -> DMABuffer {
        try c.validate(size: size, maxContiguous: .max)
        let iovaLength = UInt64(Self.roundUp(size, Self.iommuPage))
        let length = Self.roundUp(size, backing == .pages ? DMAMemory.pageSize : DMAConstraints.hugePageSize)
        lock.lock()
        let bus = iova.allocate(length: iovaLength, alignment: UInt64(max(c.alignment, Self.iommuPage)),
                                boundary: c.boundary, maxAddress: c.maxAddress)
        lock.unlock()
        guard let bus else {
            throw HostError("no free bus addresses for \(size) bytes of DMA below \(hex(c.maxAddress)) in the IOMMU address space"
                + (c.boundary != 0 ? " within \(hex(c.boundary)) boundaries" : "") + ": free DMA buffers first")
        }
        do {
            let va = try map(length, backing: backing)
            guard clv_iommu_map_dma(containerFD, UInt64(UInt(bitPattern: va)), bus, iovaLength,
                                    UInt32(VFIO_DMA_MAP_FLAG_READ | VFIO_DMA_MAP_FLAG_WRITE)) == 0 else {
                let e = errno
                munmap(va, length)
                throw mapFailure(e, iovaLength)
            }
            lock.lock()
            live[va] = (bus, iovaLength, length)
            lock.unlock()
            return DMABuffer(virtualAddress: va, busAddress: bus, size: size)
        } catch {
            lock.lock()
            iova.free(bus)
            lock.unlock()
            throw error
        }
    }

    /// Unmaps the buffer from the IOMMU (the device can no longer reach it), then frees it.
    func free(_ buffer: DMABuffer) {
        lock.lock()
        let entry = live.removeValue(forKey: buffer.virtualAddress)
        lock.unlock()
        guard let entry else { return }
        release(buffer.virtualAddress, entry)
    }

    func freeAll() {
        lock.lock()
        let all = live
        live.removeAll()
        lock.unlock()
        for (va, entry) in all { release(va, entry) }
    }

    private func release(_ va: UnsafeMutableRawPointer, _ e: (iova: UInt64, iovaLength: UInt64, length: Int)) {
        if clv_iommu_unmap_dma(containerFD, e.iova, e.iovaLength) != 0 {
            // Still mapped for the device: keep the memory (leak it) rather than hand it to malloc.
            FileHandle.standardError.write(Data("nbshim: VFIO_IOMMU_UNMAP_DMA of \(hex(e.iova)) failed: \(Errno.last); its memory stays allocated\n".utf8))
            return
        }
        lock.lock()
        iova.free(e.iova)
        lock.unlock()
        munmap(va, e.length)
    }

    private func map(_ length: Int, backing: DMABacking) throws -> UnsafeMutableRawPointer {
        let huge = backing == .hugePages ? MAP_HUGETLB : 0
        let p = mmap(nil, length, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | huge, -1, 0)
        guard let p, p != MAP_FAILED else {
            let e = Errno.last
            if backing == .hugePages {
                throw HostError("no free 2 MiB hugepages for \(length / 1024) KiB of DMA memory", errno: e,
                                fix: "echo 64 > \(sys)/kernel/mm/hugepages/hugepages-2048kB/nr_hugepages, or use 4 KiB pages")
            }
            throw HostError("cannot map \(length / 1024) KiB of DMA memory", errno: e)
        }
        _ = madvise(p, length, MADV_DONTFORK)
        memset(p, 0, length)
        return p
    }

    private func mapFailure(_ e: Int32, _ length: UInt64) -> HostError {
        let kib = length / 1024
        switch e {
        case ENOMEM:
            let limit = clv_memlock_limit()
            let text = limit == .max ? "unlimited" : "\(limit / 1024) KiB"
            return HostError("cannot pin \(kib) KiB of DMA memory for the IOMMU", errno: Errno(rawValue: e),
                             fix: "vfio charges pinned pages to RLIMIT_MEMLOCK (\(text)) and this exceeds it: raise it (ulimit -l unlimited, LimitMEMLOCK=infinity) or run with CAP_IPC_LOCK")
        case ENOSPC:
            let limit = SysFile.text(sys + "/module/vfio_iommu_type1/parameters/dma_entry_limit") ?? "?"
            lock.lock()
            let n = live.count
            lock.unlock()
            return HostError("cannot map \(kib) KiB of DMA memory", errno: Errno(rawValue: e),
                             fix: "nbshim's vfio container holds \(n) DMA mappings, the most vfio_iommu_type1 allowed when it opened (dma_entry_limit, now \(limit)): raise it before nbshim starts (echo 65535 > \(sys)/module/vfio_iommu_type1/parameters/dma_entry_limit) or free DMA buffers")
        default:
            return HostError("VFIO_IOMMU_MAP_DMA of \(kib) KiB failed", errno: Errno(rawValue: e))
        }
    }

    private static func roundUp(_ n: Int, _ to: Int) -> Int { (n + to - 1) / to * to }
}
