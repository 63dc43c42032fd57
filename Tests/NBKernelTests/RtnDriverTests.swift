import CNetBSDShim
import Foundation
import NBHost
import NBModels
import NBPCI
import XCTest

/// The rtn driver (Drivers/rtn) on two RTL8139 models joined by a fake wire, through the same entry
/// points as `nbshim attach`. Attach and detach run everywhere; with root, /dev/net/tun and ip(8)
/// the two interfaces become TAPs and frames go Linux -> rtn0 -> wire -> rtn1 -> Linux.
final class RtnDriverTests: KernelTestCase {
    static let etherType: UInt16 = 0x88b5     // IEEE 802 local experimental: apart from IPv6 chatter
    let macA: [UInt8] = [0x52, 0x54, 0x00, 0x6e, 0x00, 0x01]
    let macB: [UInt8] = [0x52, 0x54, 0x00, 0x6e, 0x00, 0x02]

    func testAttachTrafficLinkMulticastAndDetach() throws {
        Kernel.bootForTests()
        let a = RTL8139Model(mac: macA), b = RTL8139Model(mac: macB)
        a.wire = { [weak b] in b?.receive($0) }
        b.wire = { [weak a] in a?.receive($0) }
        let da = ModelDevice(a, address: PCIAddress(bus: 0, device: 3, function: 0))
        let db = ModelDevice(b, address: PCIAddress(bus: 0, device: 4, function: 0))
        defer { da.close(); db.close() }
        let host = try AttachHost(report: { _ in })
        nbk_net_use_tap(Self.canUseTAP ? 1 : 0)   // other tests turn TAPs off
        defer { nbk_net_use_tap(0) }
        let mbufsBefore = mbufsInUse()

        let attached = try captureStandardOutput {
            XCTAssertTrue(host.attach(da), "rtn0 attached")
            XCTAssertTrue(host.attach(db), "rtn1 attached")
        }
        expectInOrder(attached, [
            #"rtn0 at pci0 dev 3 function 0: Realtek 8139 10/100 Ethernet \(rev\. 0x20\)\n"#,
            #"rtn0: RTL8139C\+, registers in I/O space\n"#,
            #"rtn0: interrupting at .+\n"#,
            #"rtn0: Ethernet address 52:54:00:6e:00:01\n"#,
            #"rtn1 at pci0 dev 4 function 0: Realtek 8139"#,
            #"rtn1: Ethernet address 52:54:00:6e:00:02\n"#,
        ])

        if Self.canUseTAP {
            try traffic(a, b)
        }

        let detached = try captureStandardOutput { XCTAssertNoThrow(try host.detachAll()) }
        for unit in ["rtn0", "rtn1"] {   // detached in reverse order of attachment
            expectInOrder(detached, [#"\#(unit): [0-9]+ frames \([0-9]+ bytes\) in, [0-9]+ \([0-9]+ bytes\) out, [0-9]+ interrupts, 0 overflows, 0 transmit errors, 0 reinits\n"#,
                                     #"\#(unit): detached\n"#])
        }
        XCTAssertEqual(a.errors + b.errors, [], "DMA the models refused")
        XCTAssertEqual(mbufsInUse(), mbufsBefore, "mbufs left behind by rtn")
        if Self.canUseTAP {
            try waitFor("rtn0 and rtn1 gone from Linux") {
                !FileManager.default.fileExists(atPath: "/sys/class/net/rtn0") && !FileManager.default.fileExists(atPath: "/sys/class/net/rtn1")
            }
        }
    }

    /// `nbshim ifmedia` against rtn0 on a model: the media ifconfig would show, a change reaching
    /// the PHY's BMCR (the model's MSR follows its speed bit), refusals that name what is wrong, all
    /// through the control socket an attach process serves. After detach no DMA map or memory is left.
    func testMediaThroughTheControlChannelAndNoDMALeftAfterDetach() throws {
        Kernel.bootForTests()
        nbk_net_use_tap(0)
        var dmaBefore = nbk_dma_stats()
        nbk_dma_stats(&dmaBefore)
        let model = RTL8139Model(mac: macA)
        let device = ModelDevice(model, address: PCIAddress(bus: 0, device: 5, function: 0))
        defer { device.close() }
        let host = try AttachHost(report: { _ in })
        _ = try captureStandardOutput { XCTAssertTrue(host.attach(device), "rtn attached") }
        let name = try XCTUnwrap(InterfaceMedia.interfaceNames().last)

        let run = NSTemporaryDirectory() + "nbshim-run-\(getpid())"
        defer { try? FileManager.default.removeItem(atPath: run) }
        let paths = HostPaths(run: run)
        let server = ControlServer(paths: paths, handler: InterfaceMedia.handle)
        try server.start([name], report: { XCTFail($0) })
        func ask(_ words: String...) throws -> (lines: [String], status: Int32) {
            try ControlServer.request(paths: paths, interface: name, ["ifmedia", name] + words)
        }

        let shown = try ask()
        XCTAssertEqual(shown.status, 0, "\(shown.lines)")
        XCTAssertEqual(shown.lines, ["\(name): media: Ethernet autoselect (100baseTX full-duplex)",
                                     "\(name): status: active",
                                     "\(name): supported: 10baseT, 10baseT full-duplex, 100baseTX, 100baseTX full-duplex, autoselect"])
        let set = try ask("10baseT", "full-duplex")
        XCTAssertEqual(set.status, 0, "\(set.lines)")
        XCTAssertEqual(set.lines.first, "\(name): media autoselect -> 10baseT full-duplex")
        XCTAssertTrue(set.lines.contains("\(name): media: Ethernet 10baseT full-duplex"), "\(set.lines)")
        let unsupported = try ask("1000baseT")
        XCTAssertEqual(unsupported.status, 1)
        XCTAssertEqual(unsupported.lines, ["\(name) does not support media 1000baseT: use one of 10baseT, 10baseT full-duplex, 100baseTX, 100baseTX full-duplex, autoselect"])
        XCTAssertEqual(try ask("fast").lines.first?.hasPrefix("'fast' is not Ethernet media: use one of autoselect, manual, none, 10baseT"), true)
        XCTAssertEqual(try ask("autoselect").status, 0)
        XCTAssertEqual(try InterfaceMedia.read(name).current, MediaWord(0x20))
        XCTAssertThrowsError(try ControlServer.request(paths: paths, interface: "nosuch0", ["ifmedia", "nosuch0"])) {
            XCTAssertTrue("\($0)".hasPrefix("no nbshim attach has interface nosuch0"), "\($0)")
        }
        server.stop()
        XCTAssertFalse(FileManager.default.fileExists(atPath: ControlServer.socketPath(server.directory, name)), "socket removed")

        _ = try captureStandardOutput { XCTAssertNoThrow(try host.detachAll()) }
        var dma = nbk_dma_stats()
        nbk_dma_stats(&dma)
        XCTAssertEqual([dma.maps, dma.loaded, dma.segments, dma.bytes],
                       [dmaBefore.maps, dmaBefore.loaded, dmaBefore.segments, dmaBefore.bytes], "bus_dma left behind by rtn")
    }

    /// Both interfaces up; frames of every size both ways and in a burst; link down and up seen
    /// as carrier; a multicast group passes the hash filter only once Linux joins it.
    private func traffic(_ a: RTL8139Model, _ b: RTL8139Model) throws {
        for name in ["rtn0", "rtn1"] {
            try? "1".write(toFile: "/proc/sys/net/ipv6/conf/\(name)/disable_ipv6", atomically: false, encoding: .utf8)
            try ip("link", "set", name, "up")
        }
        try waitFor("carrier on rtn0 and rtn1") { try carrier("rtn0") == "1" && carrier("rtn1") == "1" }
        let s0 = try RawSocket(interface: "rtn0", etherType: Self.etherType)
        let s1 = try RawSocket(interface: "rtn1", etherType: Self.etherType)

        // One at a time, 60 to 1514 bytes: past the receive ring's end many times.
        for i in 0..<120 {
            let f = frame(to: macB, from: macA, payload: (i * 97) % 1501, seed: i)
            try s0.send(f)
            let got = try XCTUnwrap(s1.receive(timeout: 3), "frame \(i) (\(f.count) bytes) reached rtn1")
            XCTAssertEqual(got, padded(f), "frame \(i) arrived unchanged")
        }
        // A burst: more frames than transmit buffers, in order, none lost.
        let burst = (0..<40).map { frame(to: macA, from: macB, payload: 200, seed: 1000 + $0) }
        for f in burst { try s1.send(f) }
        for (i, f) in burst.enumerated() {
            XCTAssertEqual(try s0.receive(timeout: 3), f, "burst frame \(i) at rtn0")
        }

        try ip("link", "set", "rtn1", "down")
        try ip("link", "set", "rtn1", "up")
        b.setLink(up: false)
        try waitFor("carrier off on rtn1") { try carrier("rtn1") == "0" }
        b.setLink(up: true)
        try waitFor("carrier on rtn1 again") { try carrier("rtn1") == "1" }

        let group = try unusedGroup("rtn1")
        let toGroup = frame(to: group, from: macA, payload: 100, seed: 7)
        let filteredBefore = b.filtered
        try s0.send(toGroup)
        XCTAssertNil(try s1.receive(timeout: 0.5), "a group rtn1 has not joined is filtered")
        XCTAssertEqual(b.filtered, filteredBefore + 1)
        try ip("maddr", "add", group.map { String(format: "%02x", $0) }.joined(separator: ":"), "dev", "rtn1")
        try waitFor("the joined group passing the filter") {
            try s0.send(toGroup)
            return try s1.receive(timeout: 0.3) == toGroup
        }
    }

    // MARK: helpers

    static var canUseTAP: Bool {
        getuid() == 0 && access("/dev/net/tun", F_OK) == 0 && access(ipPath, X_OK) == 0
    }
    static let ipPath = access("/usr/sbin/ip", X_OK) == 0 ? "/usr/sbin/ip" : "/sbin/ip"

    private func frame(to dst: [UInt8], from src: [UInt8], payload n: Int, seed: Int) -> [UInt8] {
        dst + src + [UInt8(Self.etherType >> 8), UInt8(Self.etherType & 0xff)]
            + (0..<n).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ seed) }
    }

    /// What the receiver sees of a short frame: the sender pads it to the 60-byte minimum.
    private func padded(_ f: [UInt8]) -> [UInt8] { f.count >= 60 ? f : f + [UInt8](repeating: 0, count: 60 - f.count) }

    /// A multicast address whose hash bit no group `ifname` is in already uses.
    private func unusedGroup(_ ifname: String) throws -> [UInt8] {
        let table = try String(contentsOfFile: "/proc/net/dev_mcast", encoding: .utf8)
        let used = Set(table.split(separator: "\n").compactMap { line -> UInt32? in
            let f = line.split(separator: " ", omittingEmptySubsequences: true)
            guard f.count >= 5, f[1] == ifname else { return nil }
            let hex = Array(f[4])
            let bytes = stride(from: 0, to: hex.count - 1, by: 2).compactMap { UInt8(String(hex[$0...$0 + 1]), radix: 16) }
            return RTL8139Model.multicastHashBit(bytes)
        })
        for last in 0...255 {
            let g: [UInt8] = [0x01, 0x00, 0x5e, 0x7f, 0x00, UInt8(last)]
            if !used.contains(RTL8139Model.multicastHashBit(g)) { return g }
        }
        throw PCIError("every multicast hash bit of \(ifname) is in use")
    }

    private func mbufsInUse() -> UInt64 {
        var stats = nbk_mbuf_stats()
        nbk_mbuf_stats(&stats)
        return stats.mbufs
    }

    private func expectInOrder(_ text: String, _ patterns: [String], file: StaticString = #filePath, line: UInt = #line) {
        var rest = text[...]
        for p in patterns {
            guard let r = rest.range(of: p, options: .regularExpression) else {
                XCTFail("no /\(p)/ in order in:\n\(text)", file: file, line: line)
                return
            }
            rest = rest[r.upperBound...]
        }
    }

    private func carrier(_ name: String) throws -> String {
        try String(contentsOfFile: "/sys/class/net/\(name)/carrier", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private func waitFor(_ what: String, timeout: Double = 5, _ done: () throws -> Bool) throws {
        let end = Date(timeIntervalSinceNow: timeout)
        while Date() < end {
            if (try? done()) == true { return }
            Thread.sleep(forTimeInterval: 0.05)
        }
        throw PCIError("timed out after \(timeout) s waiting for \(what)")
    }

    private func ip(_ args: String...) throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: Self.ipPath)
        p.arguments = args
        try p.run()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else { throw PCIError("ip \(args.joined(separator: " ")) failed") }
    }
}

/// An AF_PACKET socket bound to one interface and EtherType (struct sockaddr_ll spelled out:
/// Glibc does not bring linux/if_packet.h to Swift).
private final class RawSocket {
    struct Address {
        var family = UInt16(AF_PACKET)
        var proto: UInt16 = 0
        var index: Int32 = 0
        var hatype: UInt16 = 0
        var pkttype: UInt8 = 0
        var halen: UInt8 = 0
        var addr: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 0, 0, 0, 0, 0)
    }
    let fd: Int32
    let address: Address

    init(interface: String, etherType: UInt16) throws {
        let index = Int32(if_nametoindex(interface))
        guard index > 0 else { throw PCIError("no interface \(interface)") }
        fd = socket(AF_PACKET, Int32(SOCK_RAW.rawValue) | Int32(SOCK_CLOEXEC.rawValue), Int32(etherType.bigEndian))
        guard fd >= 0 else { throw PCIError("AF_PACKET socket: \(String(cString: strerror(errno)))") }
        var a = Address(proto: etherType.bigEndian, index: index, halen: 6)
        address = a
        let rc = withUnsafePointer(to: &a) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<Address>.size)) }
        }
        guard rc == 0 else {
            close(fd)
            throw PCIError("binding a packet socket to \(interface): \(String(cString: strerror(errno)))")
        }
    }

    deinit { close(fd) }

    func send(_ frame: [UInt8]) throws {
        var a = address
        let n = frame.withUnsafeBytes { f in
            withUnsafePointer(to: &a) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    sendto(fd, f.baseAddress, f.count, 0, $0, socklen_t(MemoryLayout<Address>.size))
                }
            }
        }
        guard n == frame.count else { throw PCIError("sending \(frame.count) bytes: \(String(cString: strerror(errno)))") }
    }

    /// The next frame received (not sent, PACKET_OUTGOING is 4) on the interface, or nil.
    func receive(timeout: Double) throws -> [UInt8]? {
        let end = Date(timeIntervalSinceNow: timeout)
        var buf = [UInt8](repeating: 0, count: 2048)
        while end.timeIntervalSinceNow > 0 {
            var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&pfd, 1, Int32(max(1, end.timeIntervalSinceNow * 1000))) > 0 else { continue }
            var from = Address()
            var len = socklen_t(MemoryLayout<Address>.size)
            let n = buf.withUnsafeMutableBytes { b in
                withUnsafeMutablePointer(to: &from) {
                    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { recvfrom(fd, b.baseAddress, b.count, 0, $0, &len) }
                }
            }
            if n > 0 && from.pkttype != 4 { return Array(buf[..<n]) }
        }
        return nil
    }
}
