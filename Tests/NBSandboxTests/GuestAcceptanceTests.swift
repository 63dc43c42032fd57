import Foundation
import XCTest

/// Issue 2's sandbox acceptance: one QEMU guest with e1000 and edu runs Tests/sandbox/guest-checks.sh
/// through the real `nbshim sandbox`, and each test below reads one or more of its checks.
final class GuestAcceptanceTests: GuestTestCase {
    override class func bootGuest() throws -> [String: Check] {
        try sandbox(["--device", "e1000", "--device", "edu"], script: "guest-checks.sh",
                    env: ["NBSHIM_TEST_BINARY": testBinary.path])
    }

    func testListShowsE1000BARs() throws {
        let list = try check("list")
        XCTAssertEqual(list.status, 0)
        let e1000 = try XCTUnwrap(Self.block(of: "8086:100e", in: list.output), list.output)
        XCTAssertTrue(e1000.contains("Kernel driver in use: e1000"), e1000)
        XCTAssertNotNil(e1000.range(of: #"Region 0: Memory at [0-9a-f]+ \(32-bit, non-prefetchable\) \[size=128K\]"#,
                                    options: .regularExpression), e1000)
        XCTAssertNotNil(e1000.range(of: #"Region 1: I/O ports at [0-9a-f]+ \[size=64\]"#, options: .regularExpression), e1000)
        XCTAssertNotNil(Self.block(of: "1234:11e8", in: list.output), "edu is listed too")
    }

    func testDoctorPassesInGuestAndNamesFixes() throws {
        let ok = try check("doctor")
        XCTAssertEqual(ok.status, 0, ok.output)
        let noHuge = try check("doctor-no-hugepages")
        XCTAssertNotEqual(noHuge.status, 0, noHuge.output)
        XCTAssertTrue(noHuge.output.contains("echo 64 > /sys/kernel/mm/hugepages/hugepages-2048kB/nr_hugepages"), noHuge.output)
        let notRoot = try check("doctor-not-root")
        XCTAssertNotEqual(notRoot.status, 0, notRoot.output)
        XCTAssertTrue(notRoot.output.lowercased().contains("root"), notRoot.output)
    }

    func testRootDiskIsRefusedEvenForced() throws {
        for name in ["bind-root", "bind-root-forced"] {
            let c = try check(name)
            XCTAssertNotEqual(c.status, 0, "\(name): \(c.output)")
            XCTAssertTrue(c.output.contains("root filesystem"), "\(name): \(c.output)")
        }
    }

    func testInterfaceThatIsUpIsRefused() throws {
        let c = try check("bind-netif-up")
        XCTAssertNotEqual(c.status, 0, c.output)
        XCTAssertTrue(c.output.contains(" up"), c.output)
    }

    func testBindThenUnbindRestoresE1000() throws {
        XCTAssertEqual(try check("e1000-driver-before").output, "e1000")
        try assertSucceeded("bind-e1000")
        XCTAssertEqual(try check("e1000-driver-bound").output, "uio_pci_generic")
        try assertSucceeded("unbind-e1000")
        XCTAssertEqual(try check("e1000-driver-after").output, "e1000")
        XCTAssertFalse(try check("e1000-netif-after").output.isEmpty, "the interface is back")
    }

    func testEduUIOBackend() throws {
        try assertSucceeded("bind-edu")
        let tests = try check("edu-tests")
        XCTAssertEqual(tests.status, 0, tests.output)
        // Every edu test ran (none skipped) and passed.
        XCTAssertNotNil(tests.output.range(of: #"Executed [1-9][0-9]* tests?, with 0 failures"#, options: .regularExpression),
                        tests.output)
        XCTAssertFalse(tests.output.contains("skipped"), tests.output)
        try assertSucceeded("unbind-edu")
    }


    /// The lines of `nbshim list` output that belong to the device with this id.
    static func block(of id: String, in list: String) -> String? {
        var lines: [String] = []
        var inside = false
        for line in list.split(separator: "\n").map(String.init) {
            if !line.hasPrefix(" ") && !line.hasPrefix("\t") { inside = line.contains(id) }
            if inside { lines.append(line) }
        }
        return lines.isEmpty ? nil : lines.joined(separator: "\n")
    }
}
