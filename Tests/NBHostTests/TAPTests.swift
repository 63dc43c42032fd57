import CNetBSDShim
import Foundation
import NBHost
import XCTest

/// The TAP hypercalls from the C side's point of view: interfaces opened through the @_cdecl
/// functions with C callbacks, driven from Linux with `ip` and packet sockets. Needs root and
/// /dev/net/tun (this host, or inside `nbshim sandbox`); skips elsewhere.
final class TAPTests: XCTestCase {
    /// What the "driver" was told, recorded from the callbacks (which run on the TAP thread).
    final class Driver {
        let lock = NSLock()
        var ups: [Bool] = []
        var mtus: [UInt32] = []
        var multicast: [[[UInt8]]] = []
        var frames: [[UInt8]] = []
        var refuseMTU = false
        var calls = 0

        func record(_ body: (Driver) -> Void) {
            lock.lock(); defer { lock.unlock() }
            calls += 1
            body(self)
        }
        func read<T>(_ body: (Driver) -> T) -> T {
            lock.lock(); defer { lock.unlock() }
            return body(self)
        }
        static func from(_ arg: UnsafeMutableRawPointer?) -> Driver {
            Unmanaged<Driver>.fromOpaque(arg!).takeUnretainedValue()
        }
    }

    static let ops = nbh_tap_ops(
        input: { arg, frame, len in
            let bytes = Array(UnsafeRawBufferPointer(start: frame, count: len))
            Driver.from(arg).record { $0.frames.append(bytes) }
        },
        updown: { arg, up in Driver.from(arg).record { $0.ups.append(up) } },
        mtu: { arg, mtu in
            var rc: Int32 = 0
            Driver.from(arg).record { d in d.mtus.append(mtu); rc = d.refuseMTU ? 22 : 0 }
            return rc
        },
        multicast: { arg, addrs, count in
            let list = (0..<count).map { i in Array(UnsafeBufferPointer(start: addrs! + 6 * i, count: 6)) }
            Driver.from(arg).record { $0.multicast.append(list) }
        })

    /// A local experimental EtherType (IEEE 802), so test frames stand apart from IPv6 chatter.
    static let etherType: UInt16 = 0x88b5
    static let mac: [UInt8] = [0x02, 0x6e, 0x62, 0x00, 0x00, 0x01]

    var driver = Driver()
    var tap: OpaquePointer?
    var ifname = ""

    override func setUpWithError() throws {
        guard getuid() == 0, access("/dev/net/tun", F_OK) == 0, access("/usr/sbin/ip", X_OK) == 0 || access("/sbin/ip", X_OK) == 0 else {
            throw XCTSkip("TAP tests need root, /dev/net/tun and ip(8): run as root on Linux or inside 'nbshim sandbox'")
        }
    }

    override func tearDown() {
        if let tap { nbh_tap_close(tap) }
    }

    func open(_ suffix: String, mtu: UInt32 = 1400) throws {
        ifname = "nbt\(getpid() % 100000)\(suffix)"
        var ops = Self.ops
        let rc = ifname.withCString { n in
            Self.mac.withUnsafeBufferPointer { m in
                nbh_tap_open(n, m.baseAddress!, mtu, &ops, Unmanaged.passUnretained(driver).toOpaque(), &tap)
            }
        }
        XCTAssertEqual(rc, 0, "nbh_tap_open \(ifname)")
        XCTAssertNotNil(tap)
    }

    func testOpenShowsInterfaceFollowsLinuxAndCloseRemovesIt() throws {
        try open("a")
        let shown = try ip("-o", "link", "show", ifname)
        XCTAssertTrue(shown.contains("link/ether 02:6e:62:00:00:01"), shown)
        XCTAssertTrue(shown.contains("mtu 1400"), shown)
        XCTAssertFalse(shown.contains("<UP") || shown.contains(",UP"), "created down: \(shown)")

        _ = try ip("link", "set", ifname, "up")
        try wait("updown(true)") { $0.ups == [true] }

        _ = try ip("link", "set", ifname, "mtu", "1300")
        try wait("mtu(1300)") { $0.mtus == [1300] }
        driver.read { $0.refuseMTU = true }
        _ = try ip("link", "set", ifname, "mtu", "1200")
        try wait("mtu(1200) refused") { $0.mtus == [1300, 1200] }
        try waitLinux("MTU back to 1300") { try self.ip("-o", "link", "show", self.ifname).contains("mtu 1300") }

        _ = try ip("maddr", "add", "01:00:5e:01:02:03", "dev", ifname)
        let group: [UInt8] = [0x01, 0x00, 0x5e, 0x01, 0x02, 0x03]
        try wait("multicast list with 01:00:5e:01:02:03") { $0.multicast.last?.contains(group) == true }
        _ = try ip("maddr", "del", "01:00:5e:01:02:03", "dev", ifname)
        try wait("multicast list without it") { $0.multicast.last?.contains(group) == false }

        nbh_tap_link(tap!, false)
        XCTAssertEqual(try carrier(), "0")
        XCTAssertTrue(try ip("-o", "link", "show", ifname).contains("NO-CARRIER"))
        nbh_tap_link(tap!, true)
        XCTAssertEqual(try carrier(), "1")

        _ = try ip("link", "set", ifname, "down")
        try wait("updown(false)") { $0.ups == [true, false] }

        nbh_tap_close(tap!)
        tap = nil
        XCTAssertFalse(FileManager.default.fileExists(atPath: "/sys/class/net/\(ifname)"), "interface removed on close")
        let calls = driver.read { $0.calls }
        Thread.sleep(forTimeInterval: 0.5)
        XCTAssertEqual(driver.read { $0.calls }, calls, "no callback after close")
        try open("a")   // the name is free again at once
    }

    func testFramesBothWays() throws {
        try open("b", mtu: 1500)
        _ = try ip("link", "set", ifname, "up")
        try wait("updown(true)") { $0.ups == [true] }
        let index = Int32(if_nametoindex(ifname))
        let sock = try PacketSocket(index: index, etherType: Self.etherType)

        // Driver -> Linux: a frame in two segments arrives on the interface as received.
        let header: [UInt8] = Self.mac + [0x02, 0, 0, 0, 0, 0x02] + [0x88, 0xb5]
        let payload = (0..<200).map { UInt8($0 & 0xff) }
        let rc = header.withUnsafeBytes { h in
            payload.withUnsafeBytes { p in
                var iov = [nbh_iovec(base: h.baseAddress, len: h.count), nbh_iovec(base: p.baseAddress, len: p.count)]
                return nbh_tap_output(tap!, &iov, 2)
            }
        }
        XCTAssertEqual(rc, 0)
        let got = try XCTUnwrap(sock.receive(timeout: 2), "frame written by nbh_tap_output seen on \(ifname)")
        XCTAssertEqual(got, header + payload)

        // Linux -> driver: a frame sent on the interface reaches input().
        let out: [UInt8] = [0x02, 0, 0, 0, 0, 0x03] + Self.mac + [0x88, 0xb5] + Array("from linux".utf8) + [UInt8](repeating: 0xa5, count: 50)
        try sock.send(out)
        try wait("input() with the frame sent from Linux") { $0.frames.contains(out) }
    }

    func testOpenErrors() throws {
        try open("c")
        var second: OpaquePointer?
        var ops = Self.ops
        let busy = ifname.withCString { n in
            Self.mac.withUnsafeBufferPointer { nbh_tap_open(n, $0.baseAddress!, 1500, &ops, nil, &second) }
        }
        XCTAssertEqual(busy, 16, "EBUSY for a ifname in use")
        let bad = "no/such".withCString { n in
            Self.mac.withUnsafeBufferPointer { nbh_tap_open(n, $0.baseAddress!, 1500, &ops, nil, &second) }
        }
        XCTAssertEqual(bad, 22, "EINVAL for a ifname Linux cannot have")
        let long = "abcdefghijklmnop".withCString { n in
            Self.mac.withUnsafeBufferPointer { nbh_tap_open(n, $0.baseAddress!, 1500, &ops, nil, &second) }
        }
        XCTAssertEqual(long, 22, "EINVAL for a ifname over 15 bytes")
        XCTAssertNil(second)
    }

    // MARK: helpers

    func wait(_ what: String, timeout: Double = 3, _ done: (Driver) -> Bool) throws {
        let end = Date(timeIntervalSinceNow: timeout)
        while Date() < end {
            if driver.read(done) { return }
            Thread.sleep(forTimeInterval: 0.02)
        }
        let saw = driver.read { "ups \($0.ups) mtus \($0.mtus) multicast \($0.multicast)" }
        throw NSError(domain: "timed out waiting for \(what); the driver saw \(saw)", code: 1)
    }

    func waitLinux(_ what: String, _ done: () throws -> Bool) throws {
        for _ in 0..<150 {
            if try done() { return }
            Thread.sleep(forTimeInterval: 0.02)
        }
        throw NSError(domain: "timed out waiting for \(what)", code: 1)
    }

    func carrier() throws -> String {
        try String(contentsOfFile: "/sys/class/net/\(ifname)/carrier", encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @discardableResult
    func ip(_ args: String...) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: access("/usr/sbin/ip", X_OK) == 0 ? "/usr/sbin/ip" : "/sbin/ip")
        p.arguments = args
        let pipe = Pipe()
        p.standardOutput = pipe
        try p.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else { throw NSError(domain: "ip \(args.joined(separator: " ")) failed", code: 1) }
        return String(decoding: data, as: UTF8.self)
    }
}

/// An AF_PACKET socket on one interface for one EtherType (struct sockaddr_ll written out: Glibc
/// does not bring linux/if_packet.h to Swift).
final class PacketSocket {
    struct Address {
        var family = UInt16(AF_PACKET)
        var proto: UInt16 = 0
        var index: Int32 = 0
        var hatype: UInt16 = 0
        var pkttype: UInt8 = 0
        var halen: UInt8 = 0
        var addr: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 0, 0, 0, 0, 0)
    }
    static let outgoing: UInt8 = 4    // PACKET_OUTGOING
    let fd: Int32
    let index: Int32

    init(index: Int32, etherType: UInt16) throws {
        fd = socket(AF_PACKET, Int32(SOCK_RAW.rawValue) | Int32(SOCK_CLOEXEC.rawValue), Int32(etherType.bigEndian))
        guard fd >= 0 else { throw NSError(domain: "AF_PACKET socket: \(String(cString: strerror(errno)))", code: 1) }
        self.index = index
        var a = Address(proto: etherType.bigEndian, index: index)
        let rc = withUnsafePointer(to: &a) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<Address>.size)) }
        }
        guard rc == 0 else {
            let why = String(cString: strerror(errno))
            close(fd)
            throw NSError(domain: "binding the packet socket: \(why)", code: 1)
        }
    }

    deinit { close(fd) }

    /// The next frame received (not sent) on the interface, or nil after `timeout` seconds.
    func receive(timeout: Double) throws -> [UInt8]? {
        let end = Date(timeIntervalSinceNow: timeout)
        var buf = [UInt8](repeating: 0, count: 2048)
        while Date() < end {
            var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&pfd, 1, Int32(max(1, end.timeIntervalSinceNow * 1000))) > 0 else { continue }
            var from = Address()
            var len = socklen_t(MemoryLayout<Address>.size)
            let n = buf.withUnsafeMutableBytes { b in
                withUnsafeMutablePointer(to: &from) {
                    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { recvfrom(fd, b.baseAddress, b.count, 0, $0, &len) }
                }
            }
            if n > 0 && from.pkttype != PacketSocket.outgoing { return Array(buf[..<n]) }
        }
        return nil
    }

    func send(_ frame: [UInt8]) throws {
        var a = Address(proto: TAPTests.etherType.bigEndian, index: index, halen: 6)
        let n = frame.withUnsafeBytes { f in
            withUnsafePointer(to: &a) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    sendto(fd, f.baseAddress, f.count, 0, $0, socklen_t(MemoryLayout<Address>.size))
                }
            }
        }
        guard n == frame.count else { throw NSError(domain: "sendto on the packet socket: \(String(cString: strerror(errno)))", code: 1) }
    }
}
