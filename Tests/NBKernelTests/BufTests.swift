import XCTest

/// buf(9) and bufq(9) (CKernelTests/buf_test.c).
final class BufTests: KernelTestCase {
    func testFcfsKeepsArrivalOrder() { runKernelTest("bufq_fcfs_keeps_arrival_order") }
    func testDisksortSweepsUpThenWraps() { runKernelTest("bufq_disksort_sweeps_up_then_wraps") }
    func testDisksortCylinderKeyThenBlock() { runKernelTest("bufq_disksort_cylinder_key_then_block") }
    func testUnknownStrategyDefaultOrENOENT() { runKernelTest("bufq_unknown_strategy_default_or_enoent") }
    func testDrainFailsBuffersMoveKeepsThem() { runKernelTest("bufq_drain_fails_buffers_move_keeps_them") }
    func testBiowaitSleepsUntilBiodone() { runKernelTest("buf_biowait_sleeps_until_biodone") }
    func testNestiobufCompletesMaster() { runKernelTest("buf_nestiobuf_completes_master") }
    func testPhysioSplitsByMinphysAndMovesTheUio() { runKernelTest("physio_splits_by_minphys_and_moves_the_uio") }
}
