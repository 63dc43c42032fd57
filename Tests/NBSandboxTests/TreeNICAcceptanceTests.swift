import Foundation
import XCTest

/// Every NIC QEMU emulates that a driver of the NetBSD tree matches, beyond wm (WMNetAcceptanceTests)
/// and the built-in rtn (NetAcceptanceTests): each driver built from its preset in Drivers/ with
/// `nbshim build`, and all of them through Tests/sandbox/net-checks.sh in one guest, one QEMU hub
/// per QEMU model (nics-checks.sh); drivers of one model take its NICs in turn. Check names carry
/// "PRESET@MODEL/". Skips without NETBSD_SRC.
final class TreeNICAcceptanceTests: NetGuestTestCase {
    struct NIC {
        var model, id, preset, ifname: String
        var attach: [String]
        /// The media `nbshim ifmedia` lists, or nil for a driver without ifmedia (vioif).
        var media: [String]?
        /// False for a driver the tree gives no detach function (2016's vioif, pcn, le).
        var detaches = true
        /// More `nbshim attach` options for this driver.
        var attachArgs = ""
        var label: String { "\(preset)@\(model)" }
    }

    static let nics = [
        NIC(model: "i82557b", id: "8086:1229", preset: "fxp", ifname: "fxp0", attach: [
            #"fxp0 at pci0 dev [0-9]+ function 0: Intel i8255x Ethernet"#,
            #"fxp0: interrupting at uio[0-9]+ intx\n"#,
            #"inphy0 at fxp0 phy 1: i82555 10/100 media interface"#], media: ["100baseTX full-duplex", "autoselect"]),
        NIC(model: "tulip", id: "1011:0019", preset: "tlp", ifname: "tlp0", attach: [
            #"tlp0 at pci0 dev [0-9]+ function 0: DECchip 21142 Ethernet"#,
            #"tlp0: Ethernet address 52:54:00:"#, #"ukphy0 at tlp0 phy 1: "#], media: ["autoselect"]),
        NIC(model: "virtio-net-pci", id: "1af4:1000", preset: "vioif", ifname: "vioif0", attach: [
            #"virtio0 at pci0 dev [0-9]+ function 0"#,
            #"vioif0 at virtio0: Ethernet address "#], media: nil, detaches: false),
        NIC(model: "i82559er", id: "8086:1209", preset: "fxp", ifname: "fxp0", attach: [
            #"fxp0 at pci0 dev [0-9]+ function 0: Intel i82559ER Ethernet"#,
            #"inphy0 at fxp0 phy 1: i82555 10/100 media interface"#], media: ["100baseTX full-duplex", "autoselect"]),
        NIC(model: "i82801", id: "8086:2449", preset: "fxp", ifname: "fxp0", attach: [
            #"fxp0 at pci0 dev [0-9]+ function 0: Intel i82562 Ethernet"#,
            #"inphy0 at fxp0 phy 1: i82555 10/100 media interface"#], media: ["100baseTX full-duplex", "autoselect"]),
        NIC(model: "e1000-82544gc", id: "8086:100c", preset: "wm", ifname: "wm0", attach: [
            #"wm0 at pci0 dev [0-9]+ function 0: Intel i82544GC"#], media: ["100baseTX full-duplex", "autoselect"]),
        NIC(model: "e1000-82545em", id: "8086:100f", preset: "wm", ifname: "wm0", attach: [
            #"wm0 at pci0 dev [0-9]+ function 0: Intel i82545EM"#], media: ["100baseTX full-duplex", "autoselect"]),
        // QEMU's pcnet answers byte reads of the address PROM with all ones once pcn has put it in
        // 32-bit mode; the platform's property has pcn read the address from CSR12-14 instead.
        NIC(model: "pcnet", id: "1022:2000", preset: "pcn", ifname: "pcn0", attach: [
            #"pcn0 at pci0 dev [0-9]+ function 0: AMD PCnet-PCI Ethernet\n"#,
            #"pcn0: Am79c970A PCnet-PCI II rev 0, Ethernet address 52:54:00:"#], media: ["10baseT", "autoselect"],
            detaches: false, attachArgs: "--property am79c970-no-eeprom"),
        NIC(model: "pcnet", id: "1022:2000", preset: "le", ifname: "le0", attach: [
            #"le0 at pci0 dev [0-9]+ function 0: PCnet-PCI Ethernet\n"#, #"le0: address 52:54:00:"#], media: ["10baseT", "autoselect"],
            detaches: false),
        NIC(model: "ne2k_pci", id: "10ec:8029", preset: "ne", ifname: "ne0", attach: [
            #"ne0 at pci0 dev [0-9]+ function 0: Realtek 8029 Ethernet\n"#,
            #"ne0: Ethernet address 52:54:00:"#], media: ["10baseT", "autoselect"]),
        // The module's driver wins over nbshim's built-in rtn for the same device, and says so.
        NIC(model: "rtl8139", id: "10ec:8139", preset: "rtk", ifname: "rtk0", attach: [
            #"autoconf: at pci0, rtk \(module, match 1\) chosen over rtn \(built in, match 1\): a module's driver outranks built-in ones\n"#,
            #"rtk0 at pci0 dev [0-9]+ function 0: Realtek 8139 10/100BaseTX"#,
            #"rlphy0 at rtk0 phy [0-9]+: Realtek internal PHY"#], media: ["100baseTX full-duplex", "autoselect"]),
        NIC(model: "rtl8139", id: "10ec:8139", preset: "re", ifname: "re0", attach: [
            #"re \(module, match 2\) chosen over rtn \(built in, match 1\)"#,
            #"re0 at pci0 dev [0-9]+ function 0: RealTek 8139C\+ 10/100BaseTX \(rev\. 0x20\)"#,
            #"rlphy0 at re0 phy [0-9]+: Realtek internal PHY"#], media: ["100baseTX full-duplex", "autoselect"]),
    ]

    /// The tree's older NICs are slow under TCG (ne2k moves every byte through port I/O).
    override class var bytes: Int { 4_000_000 }

    override class func bootGuest() throws -> [String: Check] {
        var args = ["--timeout", "2400"], lines: [String] = [], models: [String] = [], modules: [String: String] = [:]
        for nic in nics {
            if modules[nic.preset] == nil { modules[nic.preset] = try treeModule(nic.preset) }
            lines.append("\(nic.label) \(nic.id) \(nic.ifname) \(modules[nic.preset]!) \(nic.attachArgs)")
            guard !models.contains(nic.model) else { continue }
            let hub = models.count
            models.append(nic.model)
            args += ["--netdev", "hubport,id=n\(2 * hub),hubid=\(hub)", "--netdev", "hubport,id=n\(2 * hub + 1),hubid=\(hub)",
                     "--device", "\(nic.model),netdev=n\(2 * hub)", "--device", "\(nic.model),netdev=n\(2 * hub + 1)"]
        }
        return try sandbox(args, script: "nics-checks.sh",
                           env: ["NBSHIM_NET_BYTES": "\(bytes)", "NBSHIM_NET_LOCAL": nil,
                                 "NBSHIM_NICS": lines.joined(separator: "\n")])
    }

    func testAttachLinesAndTAP() throws {
        for n in Self.nics { try expectAttach(n.label + "/", ifname: n.ifname, lines: n.attach) }
    }

    func testPingsAndTCPTransfers() throws {
        for n in Self.nics { try expectTraffic(n.label + "/") }
    }

    /// The media the driver offers, read through the running attach; a driver without ifmedia gets
    /// one line saying so, not a failed run.
    func testMediaThroughNbshimIfmedia() throws {
        for n in Self.nics {
            let c = try check(n.label + "/ifmedia")
            if let media = n.media {
                try expectOK(n.label + "/ifmedia", contains: ["\(n.ifname): media: Ethernet"] + media)
            } else {
                XCTAssertNotEqual(c.status, 0, c.output)
                XCTAssertEqual(c.output.split(separator: "\n").count, 1, c.output)
            }
        }
    }

    func testRefusedMTUAndLinkDownUpFromLinux() throws {
        for n in Self.nics { try expectMTUAndAdminLink(n.label + "/") }
    }

    func testSigtermDetachesWithNothingLeft() throws {
        for n in Self.nics { try expectDetach(n.label + "/", ifname: n.ifname, detaches: n.detaches) }
    }
}
