import XCTest

/// pslist(9) and pserialize(9) (CKernelTests/pslist_test.c).
final class PslistTests: KernelTestCase {
    func testInsertRemoveOrder() { runKernelTest("pslist_insert_remove_order") }
    func testReadersNeverSeeFreedElements() { runKernelTest("pserialize_readers_never_see_freed") }
}
