import XCTest

/// The API differences the headers bridge, each as a 7.99.34 and a 9.1 driver writes it
/// (CKernelTests/api_generation_body.h, compiled once per __NetBSD_Version__).
final class APIGenerationTests: KernelTestCase {
    func check(_ name: String, file: StaticString = #filePath, line: UInt = #line) {
        for gen in ["799", "91"] { runKernelTest("api\(gen)_\(name)", file: file, line: line) }
    }
    func testBpfMtapForms() { check("bpf_mtap_forms") }
    func testAddressLists() { check("address_lists") }
    func testIfStatCounters() { check("if_stat_counters") }
    func testIfFlagsWidth() { check("if_flags_width") }
    func testVlanTagsAndEtherLock() { check("vlan_tags_and_ether_lock") }
}
