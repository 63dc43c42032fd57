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
    func testDMAAllocationConstraints() { runKernelTest("bus_dma_alloc_constraints") }
    func testDMALoadSplitsSegments() { runKernelTest("bus_dma_load_segments") }
    func testDMARefusesMemoryBeyondMaxAddress() { runKernelTest("bus_dma_max_address") }
    func testDMALoadUIO() { runKernelTest("bus_dma_load_uio") }
    func testDMALeakCounters() { runKernelTest("bus_dma_stats") }
}
