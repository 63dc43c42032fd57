import Foundation
import XCTest

/// Issue 6's acceptance in a QEMU guest with an Intel IOMMU and two edu devices (one behind a PCIe
/// root port, so vfio can reset it): the edu driver attaches through vfio with MSI, the vfio
/// backend's device-level tests (MSI, DMA, containment, limits, reset) pass, and the IOMMU logs
/// the faults of the stray DMA. One guest runs
/// Tests/sandbox/vfio-checks.sh; the tests read its checks (see GuestTestCase).
final class VFIOAcceptanceTests: GuestTestCase {
    override class func bootGuest() throws -> [String: Check] {
        try sandbox(["--iommu", "--device", "pcie-root-port,id=rp1,chassis=1", "--device", "edu,bus=rp1",
                     "--device", "edu", "--device", "rtl8139"], script: "vfio-checks.sh",
                    env: ["NBSHIM_TEST_BINARY": testBinary.path])
    }

    func testEduAttachesThroughVFIOWithMSI() throws {
        let c = try check("attach")
        XCTAssertEqual(c.status, 0, c.output)
        AttachAcceptanceTests.assertEduLines(c.output)
        XCTAssertNotNil(c.output.range(of: #"edu0: interrupting at msi0 vec 0\n"#, options: .regularExpression), c.output)
        XCTAssertNotNil(c.output.range(of: #"\(no driver\) -> vfio-pci \(IOMMU group [0-9]+, /dev/vfio/[0-9]+\)"#,
                                       options: .regularExpression), c.output)
        XCTAssertTrue(c.output.contains("vfio-pci -> (no driver)"), c.output)
        XCTAssertEqual(try check("driver-after-attach").output, "none")
    }

    func testTenThousandInterruptsThroughTheDriverNoneLost() throws {
        let c = try check("attach")
        XCTAssertTrue(c.output.contains("hw.edu0.storm: 0 -> 10000\n"), c.output)
        XCTAssertNotNil(c.output.range(of: #"edu0: 1000[5-9] interrupts, 4 DMA transfers, 0 timeouts"#,
                                       options: .regularExpression), c.output)
    }

    func testVFIOBackendTestsPass() throws {
        let c = try check("vfio-tests")
        XCTAssertEqual(c.status, 0, c.output)
        for name in ["testTenThousandMSIInterrupts", "testINTxThroughVFIOUnmasksAfterEachInterrupt",
                     "testDMARoundTripOnPagesAndHugePages", "testMultiPageBufferIsContiguousForTheDevice",
                     "testDMAOutsideMappedMemoryIsBlockedOnPages", "testDMAOutsideMappedMemoryIsBlockedOnHugePages",
                     "testDMAEntryLimitIsNamed", "testConfigRegionCountsAndBackendName", "testResetKeepsTheDeviceUsable"] {
            XCTAssertTrue(c.output.contains("EduVFIOTests.\(name)' passed"), "\(name) did not pass:\n\(c.output)")
        }
        XCTAssertNotNil(c.output.range(of: #"edu through vfio: IOMMU group [0-9]+, reset supported"#, options: .regularExpression),
                        "vfio offers a reset for the edu behind the root port:\n\(c.output)")
    }

    /// The stray DMA of the containment tests faulted in the IOMMU, and the guest kernel said so.
    func testIOMMULoggedDMARFaults() throws {
        let before = Int(try check("dmar-before").output.trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
        let after = try check("dmar-faults").output
        XCTAssertEqual(before, 0, "no DMAR faults before the stray DMA")
        XCTAssertNotNil(after.range(of: #"DMAR: \[DMA (Read|Write)"#, options: .regularExpression), after)
        XCTAssertNotNil(after.range(of: #"fault addr 0x0*[0-9a-f]+"#, options: .regularExpression), after)
    }

    /// Two IOMMU groups in nbshim's one container: either edu reaches the other's DMA memory.
    func testGroupsShareOneIOMMUAddressSpace() throws {
        let c = try check("shared-container")
        XCTAssertEqual(c.status, 0, c.output)
        XCTAssertTrue(c.output.contains("testGroupsShareOneIOMMUAddressSpace' passed"), c.output)
    }

    func testIOBARThroughTheVFIORegion() throws {
        let c = try check("port-io")
        XCTAssertEqual(c.status, 0, c.output)
        XCTAssertTrue(c.output.contains("VFIOPortIOTests.testIOBarMatchesMemoryBar' passed"), c.output)
    }

    func testMemlockLimitIsNamed() throws {
        let c = try check("memlock")
        XCTAssertEqual(c.status, 0, c.output)
        XCTAssertTrue(c.output.contains("testMemlockLimitIsNamed' passed"), c.output)
    }
}
