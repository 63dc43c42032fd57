import CKernelTests
import XCTest

final class HarnessTests: KernelTestCase {
    func testFailureCarriesConditionAndDetail() {
        var msg = [CChar](repeating: 0, count: 256)
        XCTAssertEqual(ktest_run("ktest_reports_failure", &msg, msg.count), 1)
        let text = String(cString: msg)
        XCTAssertTrue(text.hasSuffix("selftest.c:8: 1 + 1 == 3: detail 42"), text)
        XCTAssertEqual(ktest_run("no_such_test", &msg, msg.count), -1)
    }
}
