import Foundation
import XCTest

/// Issue 5's network acceptance for any NIC driver: two NICs of one QEMU model on a hub, the first
/// driven through `nbshim attach` (a TAP interface in the guest), the second by Linux's driver in
/// namespace `peer`; the guest runs Tests/sandbox/net-checks.sh. Subclasses boot their guests and
/// call these expectations with the prefix their guest's checks carry ("" for a single guest).
class NetGuestTestCase: GuestTestCase {
    /// Bytes sent over TCP each way (net-checks.sh's NBSHIM_NET_BYTES).
    class var bytes: Int { 100_000_000 }

    /// The QEMU model given twice, on hub ports n0 (nbshim's) and n1 (Linux's); `wire` adds QEMU's
    /// monitor port, and with it the wire-down/wire-up checks.
    static func netGuest(model: String, nic: String, ifname: String, module: String? = nil, wire: Bool,
                         extra: [String] = []) throws -> [String: Check] {
        try sandbox(["--timeout", "1500"] + (wire ? ["--monitor-port"] : []) + ["--netdev", "hubport,id=n0,hubid=0", "--netdev", "hubport,id=n1,hubid=0",
                     "--device", "\(model),netdev=n0", "--device", "\(model),netdev=n1"] + extra,
                    script: "net-checks.sh",
                    env: ["NBSHIM_NET_BYTES": "\(bytes)", "NBSHIM_NET_LOCAL": nil, "NBSHIM_NET_NIC": nic,
                          "NBSHIM_NET_IF": ifname, "NBSHIM_NET_MODULE": module])
    }

    func expectOK(_ name: String, contains needles: [String], file: StaticString = #filePath, line: UInt = #line) throws {
        let c = try check(name)
        XCTAssertEqual(c.status, 0, "\(name): \(c.output)", file: file, line: line)
        for n in needles { XCTAssertTrue(c.output.contains(n), "\(name) lacks '\(n)': \(c.output)", file: file, line: line) }
    }

    /// The driver's attach lines in order (`lines` are patterns), a TAP interface with the MAC the
    /// driver printed, MTU 1500, carrier on.
    func expectAttach(_ p: String, ifname: String, lines: [String]) throws {
        try expectOK(p + "peer", contains: ["10.9.0.2/24"])
        let attach = try check(p + "attach")
        XCTAssertEqual(attach.status, 0, attach.output)
        var rest = attach.output[...]
        for pattern in lines {
            let r = rest.range(of: pattern, options: .regularExpression)
            XCTAssertNotNil(r, "no /\(pattern)/ in order in:\n\(attach.output)")
            if let r { rest = rest[r.upperBound...] }
        }
        // "wm0: Ethernet address ...", "le0: address ..." or, on the attach line, "vioif0 at virtio0: Ethernet address ..."
        let macLine = try XCTUnwrap(attach.output.split(separator: "\n").first {
            ($0.hasPrefix("\(ifname): ") || $0.hasPrefix("\(ifname) at ")) && $0.contains("address ")
        }, attach.output)
        let mac = try XCTUnwrap(macLine.firstMatch(of: #/address ([0-9a-f]{2}(:[0-9a-f]{2}){5})/#), String(macLine)).1
        try expectOK(p + "local", contains: ["\(ifname), 10.9.0.1/24, carrier on"])
        try expectOK(p + "link-show", contains: ["link/ether \(mac) ", "mtu 1500"])
    }

    /// Pings both ways, 1000 without loss, then BYTES over TCP each way with equal SHA-256 sums.
    func expectTraffic(_ p: String) throws {
        try expectOK(p + "ping-out", contains: ["5 packets transmitted, 5 packets received, 0% packet loss"])
        try expectOK(p + "ping-in", contains: ["5 packets transmitted, 5 packets received, 0% packet loss"])
        try expectOK(p + "ping-1000", contains: ["1000 packets transmitted, 1000 packets received, 0% packet loss"])
        for name in [p + "tcp-out", p + "tcp-in"] {
            let c = try check(name)
            XCTAssertEqual(c.status, 0, "\(name): \(c.output)")
            let sent = try XCTUnwrap(c.output.firstMatch(of: #/sent ([0-9]+) sha256 ([0-9a-f]{64})/#), "\(name): \(c.output)")
            let got = try XCTUnwrap(c.output.firstMatch(of: #/received ([0-9]+) sha256 ([0-9a-f]{64})/#), "\(name): \(c.output)")
            XCTAssertEqual(Int(sent.1), Self.bytes, name)
            XCTAssertEqual(Int(got.1), Self.bytes, name)
            XCTAssertEqual(got.2, sent.2, "\(name): checksums differ")
        }
    }

    /// `nbshim ifmedia` against the running attach: shows media and `supported`, forces
    /// 100baseTX full-duplex, refuses an option with one line, returns to autoselect with traffic.
    func expectMedia(_ p: String, ifname: String, supported: [String]) throws {
        try expectOK(p + "ifmedia", contains: ["\(ifname): media: Ethernet autoselect", "\(ifname): status: active"] + supported)
        try expectOK(p + "ifmedia-set", contains: ["\(ifname): media autoselect -> 100baseTX full-duplex",
                                                   "\(ifname): media: Ethernet 100baseTX full-duplex"])
        let bad = try check(p + "ifmedia-bad")
        XCTAssertNotEqual(bad.status, 0, bad.output)
        XCTAssertTrue(bad.output.hasPrefix("'turbo' is not a media option of Ethernet media"), bad.output)
        try expectOK(p + "ifmedia-auto", contains: ["\(ifname): media 100baseTX full-duplex -> autoselect",
                                                    "3 packets transmitted, 3 packets received"])
    }

    /// An MTU above what the driver takes is put back; down and up from Linux's side reach the
    /// driver (if_stop/if_init): no answers while down, carrier and answers again once up.
    func expectMTUAndAdminLink(_ p: String) throws {
        try expectOK(p + "mtu-refused", contains: ["mtu 1500 "])
        try expectOK(p + "link-down", contains: ["peer gets no answer", "operstate down"])
        try expectOK(p + "link-up", contains: ["carrier 1, operstate ", "3 packets transmitted, 3 packets received"])
    }

    /// A wire link loss (QEMU's set_link): carrier off on the Linux side and no answers; back on,
    /// carrier and answers return.
    func expectWireLinkDownUp(_ p: String) throws {
        try expectOK(p + "wire-down", contains: ["carrier 0, operstate down", "peer gets no answer"])
        try expectOK(p + "wire-up", contains: ["carrier 1, operstate ", "3 packets transmitted, 3 packets received"])
    }

    /// SIGTERM: the driver detaches, the interface is gone, nothing is left in use. A driver without a
    /// detach function (as in NetBSD, it cannot leave) is quiesced instead and keeps what it holds.
    func expectDetach(_ p: String, ifname: String, lines: [String] = [], detaches: Bool = true) throws {
        let c = try check(p + "detach")
        XCTAssertEqual(c.status, 0, c.output)
        XCTAssertTrue(c.output.contains("nbshim exited 0, \(ifname) is gone"), c.output)
        guard detaches else {
            XCTAssertTrue(c.output.contains("\(ifname): no detach function; quiesced at exit"), c.output)
            return
        }
        XCTAssertTrue(c.output.contains("mbufs in use after detach: 0 mbufs, 0 clusters, 0 external, 0 tags"), c.output)
        XCTAssertTrue(c.output.contains("DMA in use after detach: 0 maps (0 loaded), 0 bytes of DMA memory in 0 segments"), c.output)
        XCTAssertFalse(c.output.contains("still in use"), c.output)
        for pattern in lines { XCTAssertNotNil(c.output.range(of: pattern, options: .regularExpression), "no /\(pattern)/ in \(c.output)") }
    }
}
