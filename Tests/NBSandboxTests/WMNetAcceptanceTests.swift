import Foundation
import XCTest

/// Issue 5's network acceptance with NetBSD's unmodified wm(4) and its PHY drivers, built by
/// `nbshim build` from NETBSD_SRC and/or NETBSD_SRC_91, once per tree (CI without trees skips): one guest with two e1000s (uio, INTx)
/// and one with two e1000es under --iommu (vfio, MSI-X). Checks carry the model as prefix. No wire
/// link loss here: QEMU's e1000 models clear the link in STATUS and BMSR but leave it set in the
/// Marvell PHY's specific status register, which makphy(4) reads, so NetBSD on QEMU never sees one.
final class WMNetAcceptanceTests: NetGuestTestCase {
    struct Guest {
        var model, nic: String
        var iommu: Bool
        var attach: [String]
        /// Where 9.1's wm prints other lines. Its MSI-X setup fails on the e1000e here (unexplained
        /// yet, issue 14) and it falls back to one MSI vector, as it would on a machine without MSI-X.
        var attach91: [String]? = nil
    }

    static let guests = [
        Guest(model: "e1000", nic: "8086:100e", iommu: false, attach: [
            #"wm0 at pci0 dev [0-9]+ function 0: Intel i82540EM 1000BASE-T Ethernet \(rev\. 0x03\)\n"#,
            #"wm0: interrupting at uio[0-9]+ intx\n"#,
            #"makphy0 at wm0 phy 1: Marvell 88E1011 Gigabit PHY"#]),
        Guest(model: "e1000e", nic: "8086:10d3", iommu: true, attach: [
            #"wm0 at pci0 dev [0-9]+ function 0: Intel i82574L \(rev\. 0x00\)\n"#,
            #"wm0: for TX and RX interrupting at msix0 vec 0"#,
            #"wm0: for LINK interrupting at msix0 vec 1"#,
            #"makphy0 at wm0 phy 1: Marvell 88E1149 Gigabit PHY"#], attach91: [
            #"wm0 at pci0 dev [0-9]+ function 0: Intel i82574L \(rev\. 0x00\)\n"#,
            #"wm0: interrupting at msi0 vec 0"#,
            #"makphy0 at wm0 phy 1: Marvell 88E1149 Gigabit PHY"#]),
    ]

    /// Once per tree given (NETBSD_SRC, NETBSD_SRC_91): check names are TREE/MODEL/CHECK.
    nonisolated(unsafe) static var trees: [String] = []

    override class func bootGuest() throws -> [String: Check] {
        var all: [String: Check] = [:]
        for (label, src) in try netbsdTrees(for: "wm") {
            let module = try treeModule("wm", src: src, suffix: label.isEmpty ? "" : "-" + label.dropLast())
            trees.append(label)
            for g in guests {
                let checks = try netGuest(model: g.model, nic: g.nic, ifname: "wm0", module: module, wire: false,
                                          extra: g.iommu ? ["--iommu"] : [])
                for (name, c) in checks { all["\(label)\(g.model)/\(name)"] = c }
            }
        }
        return all
    }

    /// Every tree and guest model, as check-name prefixes (after the guests ran: they name the trees).
    func prefixes() throws -> [(prefix: String, guest: Guest)] {
        _ = try checks()
        return Self.trees.flatMap { t in Self.guests.map { (t + $0.model + "/", $0) } }
    }

    func testAttachLinesAndTAP() throws {
        for (p, g) in try prefixes() {
            try expectAttach(p, ifname: "wm0", lines: p.hasPrefix("9.1/") ? g.attach91 ?? g.attach : g.attach)
        }
    }

    func testPingsAndTCPTransfers() throws {
        for (p, _) in try prefixes() { try expectTraffic(p) }
    }

    func testMediaThroughNbshimIfmedia() throws {
        for (p, _) in try prefixes() { try expectMedia(p, ifname: "wm0", supported: ["100baseTX full-duplex, ", "autoselect"]) }
    }

    func testRefusedMTUAndLinkDownUpFromLinux() throws {
        for (p, _) in try prefixes() { try expectMTUAndAdminLink(p) }
    }

    func testSigtermDetachesWithNothingLeft() throws {
        for (p, _) in try prefixes() { try expectDetach(p, ifname: "wm0") }
    }
}
