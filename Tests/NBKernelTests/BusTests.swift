import CKernelTests
import NBHost
import XCTest

/// bus_space(9), bus_dma(9) and pci(9) KTESTs against an in-process edu model device.
final class BusTests: EduFixtureTestCase {
    func testConfigSpaceIdentifiesEdu() { runKernelTest("pci_conf_ids") }
    func testMapregMapsModelBAR() { runKernelTest("pci_mapreg_model") }
    func testConfCaptureRestoreAndFind() { runKernelTest("pci_conf_capture_restore_find") }
    func testInterruptsReachEstablishedHandler() {
        runKernelTest("pci_intr_model")
        XCTAssertGreaterThanOrEqual(edu.interruptsDelivered, 2)
    }
    func testNonMPSAFEHandlerWaitsForSpl() { runKernelTest("pci_intr_spl") }
    func testBusSpaceInlineOnMemory() { runKernelTest("bus_space_memory_inline") }
    func testBusSpaceOnModel() { runKernelTest("bus_space_model_edu") }
    func testBusSpacePortIOOnFile() throws {
        // A 64-byte "I/O BAR" at offset 64 of a file holding bytes 0, 1, 2 ...
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("nbshim-pio-\(getpid())").path
        XCTAssertTrue(FileManager.default.createFile(atPath: path, contents: Data((0..<128).map { UInt8($0) })))
        let fd = open(path, O_RDWR)
        defer { close(fd); unlink(path) }
        var pio = PortIOFile.descriptor(PortIOFile(fd: fd, offset: 64, size: 64))
        ktest_pio_fixture(&pio)
        runKernelTest("bus_space_pio_file")
        let file = [UInt8](FileManager.default.contents(atPath: path)!)
        XCTAssertEqual(Array(file[64 + 0x18..<64 + 0x1c]), [0x5a, 0x0f, 0xc3, 0xa5], "pwrite at the file offset plus the port")
        XCTAssertEqual(Array(file[64 + 0x30..<64 + 0x32]), [0xef, 0xbe])
    }
    func testDMAAllocationConstraints() { runKernelTest("bus_dma_alloc_constraints") }
    func testDMALoadSplitsSegments() { runKernelTest("bus_dma_load_segments") }
    func testDMARefusesMemoryBeyondMaxAddress() { runKernelTest("bus_dma_max_address") }
    func testDMALoadUIO() { runKernelTest("bus_dma_load_uio") }
    func testDMALeakCounters() { runKernelTest("bus_dma_stats") }
}
