import XCTest

/// Shutdown hooks, hash tables, pmf generic events and uiomove (CKernelTests/subr_test.c).
final class SubrServicesTests: KernelTestCase {
    func testShutdownHooksRunNewestFirstOnce() { runKernelTest("shutdownhooks_newest_first_once") }
    func testHashinit() { runKernelTest("hashinit_power_of_two_empty_heads") }
    func testPmfEvents() { runKernelTest("pmf_events_reach_own_and_global_handlers") }
    func testUiomove() { runKernelTest("uiomove_across_iovecs_both_ways") }
}
