import XCTest

/// select(9) basics and the device switch tables (CKernelTests/select_test.c).
final class SelectDevswTests: KernelTestCase {
    func testSelnotifyWakesRecordedPoller() { runKernelTest("select_selnotify_wakes_recorded_poller") }
    func testDevswAttachLookupDetach() { runKernelTest("devsw_attach_lookup_detach") }
}
