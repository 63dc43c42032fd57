/// The bus address space of one vfio container. Under the IOMMU a device sees only what we map,
/// at addresses we choose, so a DMA buffer of any size gets one contiguous IOVA range, placed to
/// meet its tag's limits (alignment, boundary, maximum address). Pure bookkeeping: no memory or
/// kernel calls, so the placement rules are unit-testable.
struct IOVAAllocator {
    /// Where mappings may go (inclusive), sorted: the IOMMU's aperture minus reserved regions
    /// such as the MSI window at 0xfee00000.
    let ranges: [ClosedRange<UInt64>]
    /// Live allocations (start, length), sorted by start.
    private(set) var used: [(start: UInt64, length: UInt64)] = []
    /// Nothing is mapped below this, so a driver that DMAs to address 0 (an unloaded map) faults.
    static let lowest: UInt64 = 0x10_0000

    init(ranges: [ClosedRange<UInt64>]) {
        self.ranges = ranges.sorted { $0.lowerBound < $1.lowerBound }
    }

    /// The lowest start address for `length` bytes (a multiple of the page size) that is aligned
    /// to `alignment`, does not cross a multiple of `boundary` (0: no boundary) and ends at or
    /// below `maxAddress`; nil when no such free range exists.
    mutating func allocate(length: UInt64, alignment: UInt64, boundary: UInt64, maxAddress: UInt64) -> UInt64? {
        guard length > 0, boundary == 0 || length <= boundary else { return nil }
        for r in ranges {
            let top = min(r.upperBound, maxAddress)
            var cursor = max(r.lowerBound, Self.lowest)
            while true {
                guard let start = Self.alignUp(cursor, alignment) else { break }
                let (last, overflow) = start.addingReportingOverflow(length - 1)
                guard !overflow, last <= top else { break }
                if boundary != 0, start / boundary != last / boundary {
                    cursor = (last / boundary) * boundary
                    continue
                }
                if let clash = used.first(where: { $0.start <= last && start < $0.start + $0.length }) {
                    cursor = clash.start + clash.length
                    continue
                }
                let at = used.firstIndex { $0.start > start } ?? used.count
                used.insert((start, length), at: at)
                return start
            }
        }
        return nil
    }

    /// Returns the range starting at `start` (from allocate) to the free space.
    mutating func free(_ start: UInt64) {
        used.removeAll { $0.start == start }
    }

    private static func alignUp(_ v: UInt64, _ alignment: UInt64) -> UInt64? {
        let a = max(alignment, 1)
        let (sum, overflow) = v.addingReportingOverflow(a - 1)
        return overflow ? nil : sum / a * a
    }
}
