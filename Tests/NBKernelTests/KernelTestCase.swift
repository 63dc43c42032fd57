import CKernelTests
import Foundation
import NBHost
import NBModels
import NBPCI
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

    /// Runs `body` with file descriptor 1 (the kernel's console) going to a file; returns what was
    /// written there, and copies it to stderr so it stays in the test log.
    func captureStandardOutput(_ body: () throws -> Void) throws -> String {
        let path = NSTemporaryDirectory() + "nbshim-console-\(getpid()).out"
        let fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0o600)
        guard fd >= 0 else { throw PCIError("cannot create \(path)") }
        defer { close(fd); unlink(path) }
        fflush(stdout)
        let saved = dup(STDOUT_FILENO)
        dup2(fd, STDOUT_FILENO)
        defer { dup2(saved, STDOUT_FILENO); close(saved) }
        try body()
        fflush(stdout)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        FileHandle.standardError.write(Data(text.utf8))
        return text
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
