import CKernelTests
import CNetBSDShim
import NBHost
import NBModels
import NBPCI
import XCTest

/// mbuf(9) operations and leak counters.
final class NetMbufTests: KernelTestCase {
    func testAllocationAndCounters() { runKernelTest("mbuf_alloc_and_counters") }
    func testCopybackExtendsChain() { runKernelTest("mbuf_copyback_extends_chain") }
    func testPullupAcrossMbufs() { runKernelTest("mbuf_pullup_across_mbufs") }
    func testAdjBothEnds() { runKernelTest("mbuf_adj_both_ends") }
    func testCopymSharesClusters() { runKernelTest("mbuf_copydata_and_copym_share_clusters") }
    func testTags() { runKernelTest("mbuf_tags") }
    func testDefragSplitPrepend() { runKernelTest("mbuf_defrag_split_prepend") }

    /// The host reads the same counters the leak checks use.
    func testStatsVisibleToHost() {
        Kernel.bootForTests()
        runKernelTest("mbuf_alloc_and_counters")
        var s = nbk_mbuf_stats()
        nbk_mbuf_stats(&s)
        XCTAssertGreaterThan(s.arena_bytes, 0)
        XCTAssertEqual(s.failures, 0)
    }
}

/// bus_dmamap_load_mbuf against the edu model's DMA memory (the arena becomes its memory).
final class NetDMATests: EduFixtureTestCase {
    func testLoadMbufChainSegments() { runKernelTest("bus_dmamap_load_mbuf_chain") }
}

/// Two edu models and the mbuf arena of the first: the second loads its mbufs when both are in one
/// DMA space (uio devices, or vfio devices in nbshim's container), and is refused otherwise.
final class NetSharedArenaTests: KernelTestCase {
    func testPeerInOneDMASpaceLoadsArenaMbufs() { withTwoEdus(shared: true) { runKernelTest("mbuf_arena_shared_dma_space") } }
    func testPeerWithItsOwnAddressesIsRefused() { withTwoEdus(shared: false) { runKernelTest("mbuf_arena_separate_dma_spaces") } }

    private func withTwoEdus(shared: Bool, _ body: () -> Void) {
        let space: DMASpace? = shared ? .physical : nil
        let a = EduModel.device(dmaSpace: space)
        let b = EduModel.device(address: PCIAddress(bus: 0, device: 5, function: 0), dmaSpace: space)
        let ha = HostDeviceHandle.retain(a), hb = HostDeviceHandle.retain(b)
        ktest_bus_fixture_begin(ha)
        ktest_bus_fixture_peer(hb)
        body()
        ktest_bus_fixture_end()
        HostDeviceHandle.release(hb)
        HostDeviceHandle.release(ha)
        a.close()
        b.close()
    }
}

/// ifnet/ether/ifmedia ioctl paths with a tiny test driver.
final class NetIfnetTests: KernelTestCase {
    func testAttachRegisters() { runKernelTest("ifnet_attach_registers_interface") }
    func testIfAttachMakesPercpuq() { runKernelTest("ifnet_if_attach_makes_percpuq") }
    func testUpDownReachesInitStop() { runKernelTest("ifnet_updown_reaches_init_stop") }
    func testMTU() { runKernelTest("ifnet_mtu") }
    func testMulticastList() { runKernelTest("ifnet_multicast_list") }
    func testMedia() { runKernelTest("ifnet_media") }
    func testTransmitReceivePaths() { runKernelTest("ifnet_transmit_and_receive_paths") }
}
