import Foundation
import NBPCI
import NBSystem
import SystemPackage

/// DMA memory for a device that sees physical addresses (uio: no IOMMU). Requests up to one 4 KiB
/// page get a page of their own; larger ones get a 2 MiB hugepage, the biggest piece Linux hands a
/// process that is physically contiguous. Pages are locked, excluded from fork and from transparent
/// hugepage collapse (either would move them under the device), and zeroed.
///
/// Constraints are met by choosing: candidates that break one (typically maxAddress: edu reaches only
/// the low 256 MiB) are held while the next one is tried, so the kernel cannot hand them back, and are
/// all released at the end.
public final class DMAMemory: @unchecked Sendable {
    public static let pageSize = Int(sysconf(Int32(_SC_PAGESIZE)))
    /// Small pages are taken this many at a time (one mmap, one mlock), then all but one released.
    static let pageBatch = 64
    static let maxPageBatches = 16
    static let maxHugePageTries = 64

    private let paths: HostPaths
    private let lock = NSLock()
    /// Start of each live mapping -> its length.
    private var mappings: [UnsafeMutableRawPointer: Int] = [:]

    public init(paths: HostPaths = .live) { self.paths = paths }
    deinit { freeAll() }

    public func allocate(size: Int, constraints: DMAConstraints) throws -> DMABuffer {
        try constraints.validate(size: size)
        var search = Search()
        var found: (DMABuffer, Int)?
        if size <= Self.pageSize {
            found = try allocatePage(size: size, constraints: constraints, &search).map { ($0, Self.pageSize) }
        }
        // A small request whose pages all miss the constraints may still fit at the start of a hugepage.
        if found == nil {
            found = try allocateHugePage(size: size, constraints: constraints, &search)
                .map { ($0, DMAConstraints.hugePageSize) }
        }
        guard let (buffer, length) = found else { throw search.failure(constraints) }
        lock.lock()
        mappings[buffer.virtualAddress] = length
        lock.unlock()
        return buffer
    }

    public func free(_ buffer: DMABuffer) {
        lock.lock()
        let length = mappings.removeValue(forKey: buffer.virtualAddress)
        lock.unlock()
        if let length { munmap(buffer.virtualAddress, length) }
    }

    public func freeAll() {
        lock.lock()
        let all = mappings
        mappings.removeAll()
        lock.unlock()
        for (base, length) in all { munmap(base, length) }
    }

    private func allocatePage(size: Int, constraints: DMAConstraints, _ search: inout Search) throws -> DMABuffer? {
        let page = Self.pageSize
        var rejected: [(UnsafeMutableRawPointer, Int)] = []
        defer { for (base, length) in rejected { munmap(base, length) } }
        for _ in 0..<Self.maxPageBatches {
            let length = page * Self.pageBatch
            let batch = try map(length, flags: MAP_PRIVATE | MAP_ANONYMOUS, what: "\(length / 1024) KiB of pages")
            try pin(batch, length)
            rejected.append((batch, length))
            for i in 0..<Self.pageBatch {
                let va = batch + i * page
                let bus = try Pagemap.physicalAddress(of: va, paths: paths)
                search.saw(bus, huge: false)
                guard constraints.violation(busAddress: bus, size: size) == nil else { continue }
                // Keep this page, give the rest of the batch back.
                rejected.removeLast()
                if i > 0 { munmap(batch, i * page) }
                if i < Self.pageBatch - 1 { munmap(va + page, length - (i + 1) * page) }
                return DMABuffer(virtualAddress: va, busAddress: bus, size: size)
            }
        }
        return nil
    }

    private func allocateHugePage(size: Int, constraints: DMAConstraints, _ search: inout Search) throws -> DMABuffer? {
        let huge = DMAConstraints.hugePageSize
        var rejected: [UnsafeMutableRawPointer] = []
        defer { for base in rejected { munmap(base, huge) } }
        for _ in 0..<Self.maxHugePageTries {
            let va: UnsafeMutableRawPointer
            do {
                va = try map(huge, flags: MAP_PRIVATE | MAP_ANONYMOUS | MAP_HUGETLB, what: "a 2 MiB hugepage")
            } catch {
                guard rejected.isEmpty, search.pages == 0 else { break }
                throw HostError("no free 2 MiB hugepage for DMA (\(hugePageCounts())): "
                    + "echo 64 > /sys/kernel/mm/hugepages/hugepages-2048kB/nr_hugepages")
            }
            do { try pin(va, huge) } catch { munmap(va, huge); throw error }
            let bus: UInt64
            do { bus = try Pagemap.physicalAddress(of: va, paths: paths) } catch { munmap(va, huge); throw error }
            search.saw(bus, huge: true)
            if constraints.violation(busAddress: bus, size: size) == nil {
                return DMABuffer(virtualAddress: va, busAddress: bus, size: size)
            }
            rejected.append(va)
        }
        return nil
    }

    private func map(_ length: Int, flags: Int32, what: String) throws -> UnsafeMutableRawPointer {
        let p = mmap(nil, length, PROT_READ | PROT_WRITE, flags, -1, 0)
        guard let p, p != MAP_FAILED else {
            throw HostError("cannot map \(what) for DMA", errno: .last)
        }
        return p
    }

    /// Makes the pages present and keeps them where they are for as long as they are mapped; unmaps
    /// them when that fails. (MADV_NOHUGEPAGE is meaningless for hugetlb mappings and refused there.)
    private func pin(_ base: UnsafeMutableRawPointer, _ length: Int) throws {
        _ = madvise(base, length, MADV_DONTFORK)
        _ = madvise(base, length, MADV_NOHUGEPAGE)
        memset(base, 0, length)
        guard mlock(base, length) == 0 else {
            let e = Errno.last
            munmap(base, length)
            throw HostError("cannot lock \(length / 1024) KiB of DMA memory", errno: e,
                            fix: "run as root or raise RLIMIT_MEMLOCK (ulimit -l unlimited)")
        }
    }

    private func hugePageCounts() -> String {
        let dir = paths.sys + "/kernel/mm/hugepages/hugepages-2048kB"
        let free = SysFile.text(dir + "/free_hugepages") ?? "?"
        let total = SysFile.text(dir + "/nr_hugepages") ?? "?"
        return "\(free) of \(total) free"
    }
}

/// What one allocation looked at, for the error when nothing fitted.
private struct Search {
    var pages = 0, hugePages = 0
    var lowest = UInt64.max

    mutating func saw(_ bus: UInt64, huge: Bool) {
        if huge { hugePages += 1 } else { pages += 1 }
        lowest = min(lowest, bus)
    }

    func failure(_ c: DMAConstraints) -> HostError {
        var limits = ""
        if c.alignment > DMAMemory.pageSize { limits += " aligned to \(c.alignment)" }
        if c.boundary != 0 { limits += " within \(hex(c.boundary)) boundaries" }
        let lowestText = lowest == .max ? "" : ", lowest \(hex(lowest))"
        let hugeHint = hugePages == 0 ? "no free hugepage; " : ""
        return HostError("no DMA memory below \(hex(c.maxAddress))\(limits) after \(pages + hugePages) tries "
            + "(\(pages) 4 KiB pages, \(hugePages) hugepages\(lowestText)): \(hugeHint)reserve hugepages early so they "
            + "come from low memory (hugepages=64 on the kernel command line)")
    }
}
