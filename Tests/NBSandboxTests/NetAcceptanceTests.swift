import Foundation
import XCTest

/// Issue 5's network acceptance: two QEMU rtl8139 NICs on one hub, the first driven by nbshim's
/// own rtn driver (a TAP interface rtn0 in the guest), the second by Linux's driver in namespace
/// `peer`. One guest runs Tests/sandbox/net-checks.sh; the tests read its checks.
final class NetAcceptanceTests: GuestTestCase {
    static let bytes = 100_000_000

    override class func bootGuest() throws -> [String: Check] {
        try sandbox(["--timeout", "1500",
                     "--netdev", "hubport,id=n0,hubid=0", "--netdev", "hubport,id=n1,hubid=0",
                     "--device", "rtl8139,netdev=n0", "--device", "rtl8139,netdev=n1"], script: "net-checks.sh",
                    env: ["NBSHIM_NET_BYTES": "\(bytes)", "NBSHIM_NET_LOCAL": nil])
    }

    override func check(_ name: String) throws -> Check {
        if let attach = try checks()["attach"],
           let line = attach.output.split(separator: "\n").first(where: { $0.hasSuffix("not configured") }) {
            throw XCTSkip("this nbshim has no driver for the rtl8139 built in (Drivers/rtn): \(line)")
        }
        return try super.check(name)
    }

    private func assertOK(_ name: String, contains needles: [String], file: StaticString = #filePath, line: UInt = #line) throws {
        let c = try check(name)
        XCTAssertEqual(c.status, 0, "\(name): \(c.output)", file: file, line: line)
        for n in needles { XCTAssertTrue(c.output.contains(n), "\(name) lacks '\(n)': \(c.output)", file: file, line: line) }
    }

    func testAttachMakesTAPWithTheDriversAddress() throws {
        try assertOK("peer", contains: ["10.9.0.2/24"])
        let attach = try check("attach")
        XCTAssertEqual(attach.status, 0, attach.output)
        XCTAssertNotNil(attach.output.range(of: #"rtn0 at pci0 dev [0-9]+ function 0: Realtek 8139"#, options: .regularExpression),
                        attach.output)
        let mac = try XCTUnwrap(attach.output.firstMatch(of: #/rtn0: Ethernet address ([0-9a-f:]{17})/#)?.1, attach.output)
        try assertOK("local", contains: ["rtn0, 10.9.0.1/24, carrier on"])
        try assertOK("link-show", contains: ["link/ether \(mac) ", "mtu 1500"])
    }

    func testPingBothWays() throws {
        try assertOK("ping-out", contains: ["5 packets transmitted, 5 packets received, 0% packet loss"])
        try assertOK("ping-in", contains: ["5 packets transmitted, 5 packets received, 0% packet loss"])
    }

    func testThousandPingsWithoutLoss() throws {
        try assertOK("ping-1000", contains: ["1000 packets transmitted, 1000 packets received, 0% packet loss"])
    }

    /// 100 MB each way, the receiver's SHA-256 equal to the sender's.
    func testTCPTransfersArriveIntact() throws {
        for name in ["tcp-out", "tcp-in"] {
            let c = try check(name)
            XCTAssertEqual(c.status, 0, "\(name): \(c.output)")
            let sent = try XCTUnwrap(c.output.firstMatch(of: #/sent ([0-9]+) sha256 ([0-9a-f]{64})/#), "\(name): \(c.output)")
            let got = try XCTUnwrap(c.output.firstMatch(of: #/received ([0-9]+) sha256 ([0-9a-f]{64})/#), "\(name): \(c.output)")
            XCTAssertEqual(Int(sent.1), Self.bytes, name)
            XCTAssertEqual(Int(got.1), Self.bytes, name)
            XCTAssertEqual(got.2, sent.2, "\(name): checksums differ")
        }
    }

    func testRefusedMTUIsPutBack() throws {
        try assertOK("mtu-refused", contains: ["mtu 1500 "])
    }

    func testLinkDownAndUpSeenFromLinux() throws {
        try assertOK("link-down", contains: ["peer gets no answer", "operstate down"])
        try assertOK("link-up", contains: ["carrier 1, operstate ", "3 packets transmitted, 3 packets received"])
    }

    func testSigtermDetachesAndRemovesTheInterface() throws {
        let c = try check("detach")
        XCTAssertEqual(c.status, 0, c.output)
        XCTAssertTrue(c.output.contains("nbshim exited 0, rtn0 is gone"), c.output)
        XCTAssertTrue(c.output.contains("mbufs in use after detach: 0 mbufs, 0 clusters, 0 external, 0 tags"), c.output)
        XCTAssertFalse(c.output.contains("still in use"), c.output)
        // Receive-ring overflows are drops under load (TCP recovers), not faults; errors and resets are.
        XCTAssertNotNil(c.output.range(of: #"rtn0: [0-9]+ frames \([0-9]+ bytes\) in, [0-9]+ \([0-9]+ bytes\) out, [0-9]+ interrupts, [0-9]+ overflows, 0 transmit errors, 0 reinits"#,
                                       options: .regularExpression), c.output)
    }
}
