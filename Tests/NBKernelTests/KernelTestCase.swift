import CKernelTests
import NBHost
import XCTest

/// Base for tests whose body is a KTEST() in Tests/CKernelTests: boots the kernel personality once
/// per process and runs the named C test, failing with its message.
class KernelTestCase: XCTestCase {
    func runKernelTest(_ name: String, file: StaticString = #filePath, line: UInt = #line) {
        Kernel.bootForTests()
        var msg = [CChar](repeating: 0, count: 1024)
        let rc = ktest_run(name, &msg, msg.count)
        switch rc {
        case 0: break
        case -1: XCTFail("no KTEST(\(name)) in Tests/CKernelTests", file: file, line: line)
        default: XCTFail(String(cString: msg), file: file, line: line)
        }
    }
}

/// A KernelTestCase whose C tests reach an in-process edu model through the bus fixture
/// (Tests/CKernelTests/bus_fixture.c): a fresh device for every test.
class EduFixtureTestCase: KernelTestCase {
    private(set) var edu: ModelDevice!
    private var handle: OpaquePointer!

    override func setUp() {
        super.setUp()
        edu = EduModel.device()
        handle = HostDeviceHandle.retain(edu)
        ktest_bus_fixture_begin(handle)
    }

    override func tearDown() {
        ktest_bus_fixture_end()
        HostDeviceHandle.release(handle)
        edu.close()
        super.tearDown()
    }
}
