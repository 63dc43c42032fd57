import NBPCI

/// The pure half of DMA allocation: whether a request can be met at all, and whether one candidate
/// piece of physical memory meets it. No memory is touched here, so the rules are unit-testable.
extension DMAConstraints {
    /// 2 MiB: the largest physically contiguous piece the allocator can hand out.
    public static let hugePageSize = 2 << 20

    /// Throws when no memory could ever satisfy `size` under these constraints. `maxContiguous`:
    /// the largest contiguous piece the backend makes (under an IOMMU, any size).
    public func validate(size: Int, maxContiguous: Int = Self.hugePageSize) throws {
        guard size > 0 else { throw HostError("DMA request of \(size) bytes: the size must be positive") }
        guard alignment > 0, alignment & (alignment - 1) == 0 else {
            throw HostError("DMA alignment \(alignment) is not a power of two")
        }
        guard boundary & (boundary &- 1) == 0 else {
            throw HostError("DMA boundary \(hex(boundary)) is neither 0 nor a power of two")
        }
        guard size <= maxContiguous else {
            throw HostError("contiguous DMA request of \(size) bytes is larger than one 2 MiB hugepage: "
                + "allocate it in segments of at most \(Self.hugePageSize) bytes")
        }
        if boundary != 0, UInt64(size) > boundary {
            throw HostError("DMA request of \(size) bytes cannot fit between \(hex(boundary)) boundaries: "
                + "split it or raise the tag's boundary")
        }
        guard UInt64(size) - 1 <= maxAddress else {
            throw HostError("DMA request of \(size) bytes cannot fit below maximum address \(hex(maxAddress))")
        }
    }

    /// Why `size` bytes at bus address `bus` break these constraints, or nil when they do not.
    public func violation(busAddress bus: UInt64, size: Int) -> String? {
        let last = bus &+ UInt64(size) &- 1
        if last < bus { return "buffer at \(hex(bus)) wraps the address space" }
        if bus % UInt64(alignment) != 0 { return "\(hex(bus)) is not aligned to \(alignment)" }
        if boundary != 0, bus / boundary != last / boundary {
            return "\(hex(bus))-\(hex(last)) crosses a \(hex(boundary)) boundary"
        }
        if last > maxAddress { return "\(hex(bus))-\(hex(last)) ends above \(hex(maxAddress))" }
        return nil
    }
}
