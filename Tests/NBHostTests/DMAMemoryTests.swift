import Foundation
import NBHost
import XCTest

/// The allocator against this machine's real memory: needs root (pagemap PFNs) and, for the
/// hugepage cases, reserved 2 MiB hugepages.
final class DMAMemoryTests: XCTestCase {
    static let hugeDir = "/sys/kernel/mm/hugepages/hugepages-2048kB"

    override func setUpWithError() throws {
        guard geteuid() == 0 else { throw XCTSkip("DMA memory tests need root (pagemap shows PFNs only to CAP_SYS_ADMIN)") }
    }

    func freeHugePages() -> Int { Int(try! String(contentsOfFile: Self.hugeDir + "/free_hugepages", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0 }

    func requireHugePages(_ n: Int) throws {
        guard freeHugePages() >= n else {
            throw XCTSkip("needs \(n) free 2 MiB hugepages: echo 16 > \(Self.hugeDir)/nr_hugepages")
        }
    }

    func testSmallRequestGetsOneZeroedPageWithItsOwnBusAddress() throws {
        let dma = DMAMemory()
        defer { dma.freeAll() }
        let a = try dma.allocate(size: 100, constraints: DMAConstraints())
        let b = try dma.allocate(size: 4096, constraints: DMAConstraints())
        XCTAssertEqual(a.size, 100)
        XCTAssertEqual(a.busAddress % 4096, 0)
        XCTAssertEqual(b.busAddress % 4096, 0)
        XCTAssertNotEqual(a.busAddress, b.busAddress)
        XCTAssertNotEqual(a.busAddress, 0)
        let bytes = UnsafeRawBufferPointer(start: b.virtualAddress, count: 4096)
        XCTAssertTrue(bytes.allSatisfy { $0 == 0 })
        b.virtualAddress.storeBytes(of: 0xdead_beef, as: UInt32.self)
        XCTAssertEqual(try Pagemap.physicalAddress(of: b.virtualAddress), b.busAddress, "the page stays where it was")
    }

    func testLargeRequestTakesOneHugePageAndFreeGivesItBack() throws {
        try requireHugePages(1)
        let dma = DMAMemory()
        let before = freeHugePages()
        let buf = try dma.allocate(size: 64 * 1024, constraints: DMAConstraints(alignment: 65536))
        XCTAssertEqual(freeHugePages(), before - 1)
        XCTAssertEqual(buf.busAddress % UInt64(DMAConstraints.hugePageSize), 0, "a hugepage is 2 MiB aligned physically")
        // Physically contiguous: the last page of the buffer is where the first one says it is.
        let last = buf.virtualAddress + 2 * 1024 * 1024 - 4096
        XCTAssertEqual(try Pagemap.physicalAddress(of: last), buf.busAddress + 2 * 1024 * 1024 - 4096)
        dma.free(buf)
        XCTAssertEqual(freeHugePages(), before)
    }

    func testUnreachableMaxAddressFailsClearlyAndReleasesTheRejects() throws {
        try requireHugePages(1)
        let dma = DMAMemory()
        let before = freeHugePages()
        // No Linux gives a process the first 2 MiB of physical memory.
        let c = DMAConstraints(alignment: 4096, maxAddress: 0x1f_ffff)
        XCTAssertThrowsError(try dma.allocate(size: 8192, constraints: c)) { error in
            XCTAssertTrue("\(error)".hasPrefix("no DMA memory below 0x001fffff"), "\(error)")
            XCTAssertTrue("\(error)".contains("hugepages"), "\(error)")
        }
        XCTAssertEqual(freeHugePages(), before, "rejected hugepages are returned")
        // A small request tries 4 KiB pages first, then the start of a hugepage.
        XCTAssertThrowsError(try dma.allocate(size: 512, constraints: DMAConstraints(maxAddress: 0xfff))) { error in
            XCTAssertTrue("\(error)".hasPrefix("no DMA memory below 0x00000fff after \(1024 + before) tries "
                + "(1024 4 KiB pages, \(before) hugepages, lowest 0x"), "\(error)")
        }
        XCTAssertEqual(freeHugePages(), before)
    }

    func testRequestLargerThanAHugePageIsRefused() {
        XCTAssertThrowsError(try DMAMemory().allocate(size: 3 << 20, constraints: DMAConstraints())) { error in
            XCTAssertTrue("\(error)".contains("larger than one 2 MiB hugepage"), "\(error)")
        }
    }
}
