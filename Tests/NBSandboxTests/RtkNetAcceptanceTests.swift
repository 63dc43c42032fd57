import Foundation
import XCTest

/// Issue 10's "a module the user names wins": NetBSD's rtk(4), built by `nbshim build` from
/// NETBSD_SRC (skipped without one), attached with --module to QEMU's rtl8139, for which nbshim
/// also has rtn built in; rtk takes it, says why in one line, and passes the network checks.
final class RtkNetAcceptanceTests: NetGuestTestCase {
    override class func bootGuest() throws -> [String: Check] {
        try netGuest(model: "rtl8139", nic: "10ec:8139", ifname: "rtk0", module: try treeModule("rtk"), wire: false)
    }

    func testModuleOutranksBuiltInRtnAndSaysWhy() throws {
        try expectAttach("", ifname: "rtk0", lines: [
            #"autoconf: at pci0, rtk \(module, match [0-9]+\) chosen over rtn \(built in, match [0-9]+\): a module's driver outranks built-in ones\n"#,
            #"rtk0 at pci0 dev [0-9]+ function 0: Realtek 8139"#,
            #"rlphy0 at rtk0 phy [0-9]+"#])
        XCTAssertFalse(try check("attach").output.contains("rtn0"))
    }

    func testPingsAndTCPTransfers() throws { try expectTraffic("") }

    func testMediaThroughNbshimIfmedia() throws {
        try expectMedia("", ifname: "rtk0", supported: ["100baseTX full-duplex, ", "autoselect"])
    }

    /// Not yet the link-up half of expectMTUAndAdminLink: right after `ip link set rtk0 up` rtk
    /// answers 1 of 3 pings (carrier on, one answer, then losses; rtn on the same model answers all).
    func testRefusedMTUAndLinkDownFromLinux() throws {
        try expectOK("mtu-refused", contains: ["mtu 1500 "])
        try expectOK("link-down", contains: ["peer gets no answer", "operstate down"])
    }

    func testSigtermDetachesWithNothingLeft() throws { try expectDetach("", ifname: "rtk0") }
}
