/// spl(9) against interrupt threads, softint(9) and workqueue(9)
/// (Tests/CKernelTests/{spl,softint,workqueue}_test.c).
final class SyncIntrTests: KernelTestCase {
    func testSplLevelsNest() { runKernelTest("spl_levels_nest") }
    func testSplLeftRaisedByCalloutIsLowered() { runKernelTest("spl_left_raised_by_callout_is_lowered") }
    func testSplLeftRaisedBySoftintIsLowered() { runKernelTest("spl_left_raised_by_softint_is_lowered") }
    func testSplExcludesInterruptHandler() { runKernelTest("spl_excludes_interrupt_handler") }
    func testSplDoesNotExcludeMPSAFEHandler() { runKernelTest("spl_does_not_exclude_mpsafe_handler") }
    func testSoftintRunsAndCoalesces() { runKernelTest("softint_runs_and_coalesces") }
    func testMPSAFESoftintRunsDuringSpl() { runKernelTest("softint_mpsafe_runs_during_spl") }
    func testWorkqueueRunsAllInOrder() { runKernelTest("workqueue_runs_all_in_order") }
    func testNonMPSAFEWorkExcludedBySpl() { runKernelTest("workqueue_not_mpsafe_excluded_by_spl") }
}
