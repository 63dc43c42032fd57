/// callout(9) (Tests/CKernelTests/callout_test.c).
final class SyncTimeTests: KernelTestCase {
    func testCalloutsFireInExpiryOrder() { runKernelTest("callout_fires_in_expiry_order") }
    func testCalloutResetReschedules() { runKernelTest("callout_reset_reschedules") }
    func testCalloutStopDoesNotWaitHaltDoes() { runKernelTest("callout_stop_does_not_wait_halt_does") }
    func testCalloutHaltReleasesInterlock() { runKernelTest("callout_halt_releases_interlock") }
    func testNonMPSAFECalloutExcludedBySpl() { runKernelTest("callout_not_mpsafe_excluded_by_spl") }
}
