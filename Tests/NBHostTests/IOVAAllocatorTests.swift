@testable import NBHost
import XCTest

/// Placement of DMA buffers in a vfio container's IOVA space under bus_dma tag limits.
final class IOVAAllocatorTests: XCTestCase {
    /// The x86 layout vfio reports: everything but the MSI window.
    let x86: [ClosedRange<UInt64>] = [0...0xfedf_ffff, 0xfef0_0000...0xffff_ffff_ffff]

    func testBuffersAreContiguousAndDisjointAboveTheGuardArea() {
        var a = IOVAAllocator(ranges: x86)
        let first = a.allocate(length: 0x3000, alignment: 4096, boundary: 0, maxAddress: .max)
        let second = a.allocate(length: 0x40_0000, alignment: 4096, boundary: 0, maxAddress: .max)
        XCTAssertEqual(first, IOVAAllocator.lowest, "nothing below the guard area, so bus address 0 faults")
        XCTAssertEqual(second, IOVAAllocator.lowest + 0x3000, "a 4 MiB buffer is one range right after")
    }

    func testMaxAddressOf28BitsIsHonouredAndExhausted() {
        var a = IOVAAllocator(ranges: x86)
        let max28: UInt64 = 0x0fff_ffff
        var starts: [UInt64] = []
        while let s = a.allocate(length: 0x100_0000, alignment: 4096, boundary: 0, maxAddress: max28) {
            XCTAssertLessThanOrEqual(s + 0x100_0000 - 1, max28)
            starts.append(s)
        }
        // 256 MiB minus the 1 MiB guard area: 15 whole 16 MiB buffers.
        XCTAssertEqual(starts.count, 15)
        XCTAssertNotNil(a.allocate(length: 0x100_0000, alignment: 4096, boundary: 0, maxAddress: 0xffff_ffff),
                        "a 32-bit tag still finds space above 256 MiB")
    }

    func testAlignmentAndBoundary() throws {
        var a = IOVAAllocator(ranges: x86)
        _ = a.allocate(length: 0x1000, alignment: 4096, boundary: 0, maxAddress: .max)
        let aligned = try XCTUnwrap(a.allocate(length: 0x1000, alignment: 0x10_0000, boundary: 0, maxAddress: .max))
        XCTAssertEqual(aligned % 0x10_0000, 0)
        // 0x2000 bytes must not cross a 64 KiB line: the free space starts at 0xf000 past one.
        var b = IOVAAllocator(ranges: x86)
        _ = b.allocate(length: 0xf000, alignment: 4096, boundary: 0, maxAddress: .max)
        let bounded = try XCTUnwrap(b.allocate(length: 0x2000, alignment: 4096, boundary: 0x1_0000, maxAddress: .max))
        XCTAssertEqual(bounded / 0x1_0000, (bounded + 0x1fff) / 0x1_0000, "does not cross the boundary")
        XCTAssertEqual(bounded, IOVAAllocator.lowest + 0x1_0000)
        XCTAssertNil(b.allocate(length: 0x2_0000, alignment: 4096, boundary: 0x1_0000, maxAddress: .max))
    }

    func testReservedWindowIsSkippedAndFreedSpaceIsReused() throws {
        var a = IOVAAllocator(ranges: [0...0xfedf_ffff, 0xfef0_0000...0xffff_ffff])
        let big = try XCTUnwrap(a.allocate(length: 0xfed0_0000, alignment: 4096, boundary: 0, maxAddress: .max))
        let next = try XCTUnwrap(a.allocate(length: 0x1000, alignment: 4096, boundary: 0, maxAddress: .max))
        XCTAssertEqual(next, 0xfef0_0000, "the MSI window 0xfee00000-0xfeefffff is never handed out")
        XCTAssertNil(a.allocate(length: 0x200_0000, alignment: 4096, boundary: 0, maxAddress: .max))
        a.free(big)
        XCTAssertEqual(a.allocate(length: 0x200_0000, alignment: 4096, boundary: 0, maxAddress: .max), big)
    }
}
