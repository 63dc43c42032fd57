import Foundation
import NBPCI
import NBSystem
import SystemPackage

/// Virtual-to-physical translation through /proc/self/pagemap (see the kernel's pagemap.rst).
/// Without CAP_SYS_ADMIN the kernel reports every PFN as 0; that is an error here, never an address.
public enum Pagemap {
    /// Physical address of the byte at `address`, whose page must be present (touched and locked).
    public static func physicalAddress(of address: UnsafeRawPointer, paths: HostPaths = .live) throws -> UInt64 {
        let pageSize = UInt64(sysconf(Int32(_SC_PAGESIZE)))
        let virt = UInt64(UInt(bitPattern: address))
        let fd = open(paths.proc + "/self/pagemap", O_RDONLY)
        guard fd >= 0 else {
            throw HostError("cannot open \(paths.proc)/self/pagemap", errno: .last)
        }
        defer { close(fd) }
        var entry: UInt64 = 0
        let n = pread(fd, &entry, 8, off_t(virt / pageSize * 8))
        guard n == 8 else { throw HostError("reading pagemap failed", errno: .last) }
        guard entry & (1 << 63) != 0 else { throw HostError("page at \(address) is not present; touch and mlock it first") }
        let pfn = entry & ((1 << 55) - 1)
        guard pfn != 0 else {
            throw HostError("pagemap hides physical addresses (PFN 0): run as root with CAP_SYS_ADMIN")
        }
        return pfn * pageSize + virt % pageSize
    }
}
