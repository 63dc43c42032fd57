import Foundation
import XCTest

/// autoconf(9) with the test drivers of Tests/CKernelTests/autoconf_test.c.
final class AutoconfTests: KernelTestCase {
    func testHighestPriorityWinsAndUnitsAreReused() { runKernelTest("autoconf_priority_wins") }
    func testLocatorsAndFixedUnits() { runKernelTest("autoconf_locators") }
    func testSubmatch() { runKernelTest("autoconf_submatch") }
    func testCFArgsAnd2016Forms() { runKernelTest("autoconf_cfargs_and_2016_forms") }
    func testHooksRunAfterAttachAndChildrenDetachFirst() { runKernelTest("autoconf_hooks_and_detach_order") }
    func testPendingConfigurationHoldsMountroot() { runKernelTest("autoconf_pending_holds_mountroot") }
    func testDetachRefusalKeepsDevices() { runKernelTest("autoconf_detach_refusal") }
    func testPMFSuspendResume() { runKernelTest("autoconf_pmf") }
    func testDeviceProperties() { runKernelTest("autoconf_properties") }
    func testModuleRegistration() { runKernelTest("autoconf_module_register") }

    /// A module's driver wins over built-in ones for the same device, and one line says so; a
    /// choice among built-in drivers by priority prints nothing.
    func testModuleDriverOutranksBuiltInAndSaysWhy() throws {
        let out = try captureStandardOutput { runKernelTest("autoconf_module_outranks_builtin") }
        let line = "autoconf: at ktroot0, ktlow (module, match 1) chosen over ktgen (built in, match 1), "
            + "ktspec (built in, match 10): a module's driver outranks built-in ones\n"
        XCTAssertTrue(out.contains(line + "ktlow0 at ktroot0 slot 2 port 0: module driver\n"), out)
        XCTAssertEqual(out.components(separatedBy: "autoconf: ").count, 2, "only the module's win is explained: \(out)")
        XCTAssertTrue(out.contains("ktspec0 at ktroot0 slot 1 port 0"), out)
        XCTAssertTrue(out.contains("ktgen0 at ktroot0 slot 4 port 0"), out)
    }

    /// The console shows NetBSD's lines: "NAME at PARENT" + the bus's locators + ": description".
    func testAttachAndDetachMessages() throws {
        let out = try captureStandardOutput { runKernelTest("autoconf_messages") }
        XCTAssertTrue(out.contains("ktroot0 (root): test bus\n"), out)
        XCTAssertTrue(out.contains("ktgen0 at ktroot0 slot 1 port 2: generic test device\n"), out)
        XCTAssertTrue(out.contains("ktdev id 0 at ktroot0 slot 4 port 0 not configured\n"), out)
        XCTAssertTrue(out.contains("ktgen0: detached\nktroot0: detached\n"), out)
    }
}

/// Runs `body` with file descriptor 1 (where the kernel console writes) going to a pipe.
func captureStandardOutput(_ body: () -> Void) throws -> String {
    var fds: [Int32] = [0, 0]
    guard pipe(&fds) == 0 else { throw POSIXError(.EIO) }
    let saved = dup(STDOUT_FILENO)
    dup2(fds[1], STDOUT_FILENO)
    close(fds[1])
    body()
    dup2(saved, STDOUT_FILENO)
    close(saved)
    var data = Data()
    var buf = [UInt8](repeating: 0, count: 4096)
    while true {
        let n = read(fds[0], &buf, buf.count)
        if n <= 0 { break }
        data.append(contentsOf: buf[0..<n])
    }
    close(fds[0])
    return String(decoding: data, as: UTF8.self)
}
