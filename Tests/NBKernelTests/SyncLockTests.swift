/// mutex(9), rwlock(9), condvar(9) and sleep/wakeup, as kernel code sees them
/// (Tests/CKernelTests/{mutex,rwlock,condvar,synch}_test.c).
final class SyncLockTests: KernelTestCase {
    func testAdaptiveMutexUnderContention() { runKernelTest("mutex_adaptive_contention") }
    func testSpinMutexUnderContention() { runKernelTest("mutex_spin_contention") }
    func testSpinMutexRaisesIPL() { runKernelTest("mutex_spin_raises_ipl") }
    func testSpinMutexHoldersDoNotSerialise() { runKernelTest("mutex_spin_holders_do_not_serialise") }
    func testSpinMutexHolderRaisesWithoutInterruptLock() {
        runKernelTest("mutex_spin_holder_raises_without_interrupt_lock")
    }
    func testMutexTryenterAndOwner() { runKernelTest("mutex_tryenter_and_owner") }
    func testMutexObjects() { runKernelTest("mutex_obj_refcount") }
    func testRwlockReadersShare() { runKernelTest("rwlock_readers_share") }
    func testRwlockWritersExclude() { runKernelTest("rwlock_writers_exclude") }
    func testRwlockDowngradeUpgrade() { runKernelTest("rwlock_downgrade_upgrade") }
    func testCvTimedwaitTimesOut() { runKernelTest("cv_timedwait_times_out") }
    func testCvSignalWakesWaiter() { runKernelTest("cv_signal_wakes_waiter") }
    func testCvWaitOnSpinMutex() { runKernelTest("cv_wait_on_spin_mutex") }
    func testCvPingPong() { runKernelTest("cv_ping_pong") }
    func testTsleepWakeup() { runKernelTest("tsleep_wakeup") }
    func testTsleepTimesOut() { runKernelTest("tsleep_times_out") }
    func testWakeupOneWakesOne() { runKernelTest("wakeup_one_wakes_one") }
    func testMtsleepReleasesMutex() { runKernelTest("mtsleep_releases_mutex") }
    func testKpauseDuration() { runKernelTest("kpause_duration") }
}
