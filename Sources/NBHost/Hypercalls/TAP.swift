import CNetBSDShim
import Foundation
import NBSystem
import SystemPackage

/// TAP hypercalls (host/nbshim_hypercall.h): one Linux TAP interface per attached NetBSD ifnet. One host
/// thread per interface reads frames from Linux and watches what Linux does to the interface
/// (up/down and MTU through rtnetlink, the multicast list from /proc/net/dev_mcast, which no
/// notification covers), and makes every ops call. The carrier starts on (tun's default) until the
/// driver reports its link state through nbh_tap_link.
final class TAPBridge {
    /// How often the multicast list is compared with the last one handed to the driver.
    static let multicastInterval: Double = 0.2

    let tap: TAPInterface
    private let links: LinkEvents
    private let ops: nbh_tap_ops
    private let arg: UnsafeMutableRawPointer?
    private let stopPipe: StopPipe
    private let finished = DispatchSemaphore(value: 0)
    private var reader: Thread?
    // Owned by the reader thread: what the driver was last told.
    private var up = false
    private var mtu: Int32
    private var multicast: [[UInt8]] = []

    init(name: String, mac: [UInt8], mtu: Int32, ops: nbh_tap_ops, arg: UnsafeMutableRawPointer?) throws {
        // Subscribe before the interface exists, so no change made right after creation is missed.
        links = try LinkEvents()
        tap = try TAPInterface(name: name, mac: mac, mtu: mtu)
        self.ops = ops
        self.arg = arg
        self.mtu = mtu
        stopPipe = try StopPipe(for: "the reader of TAP \(name)")
    }

    func start() {
        let thread = Thread { [self] in
            run()
            finished.signal()
        }
        thread.name = "tap \(tap.name)"
        reader = thread
        thread.start()
    }

    /// Stops the reader and waits for it, then removes the interface: afterwards no ops call runs
    /// or will run.
    func stop() {
        precondition(Thread.current !== reader,
                     "nbh_tap_close called from a TAP callback of \(tap.name): close it from another thread")
        stopPipe.signal()
        finished.wait()
        reader = nil
        tap.close()
    }

    private func run() {
        var frame = [UInt8](repeating: 0, count: TAPInterface.maxFrame)
        var tapGone = false
        var nextMulticast = Date()
        sync()
        while true {
            let wait = max(0, nextMulticast.timeIntervalSinceNow)
            var fds = [stopPipe.pollEntry,
                       pollfd(fd: links.fd, events: Int16(POLLIN), revents: 0),
                       pollfd(fd: tapGone ? -1 : tap.fd, events: Int16(POLLIN), revents: 0)]
            let n = poll(&fds, nfds_t(fds.count), Int32(wait * 1000) + 1)
            if n < 0 && errno != EINTR { fatalError("poll on TAP \(tap.name): \(Errno.last)") }
            if fds[0].revents != 0 { return }
            if fds[1].revents != 0, links.drain(concerning: tap.index) { sync() }
            if fds[2].revents != 0 { tapGone = !readFrames(&frame) }
            if !tapGone, nextMulticast.timeIntervalSinceNow <= 0 {
                let now = tap.multicastAddresses()
                if now != multicast {
                    multicast = now
                    let flat = now.flatMap { $0 }
                    flat.withUnsafeBufferPointer { ops.multicast?(arg, $0.baseAddress, now.count) }
                }
                nextMulticast = Date(timeIntervalSinceNow: TAPBridge.multicastInterval)
            }
        }
    }

    /// Hands queued frames to the driver, a bounded batch per wakeup so link events are not starved;
    /// false when the interface is gone (removed from the Linux side).
    private func readFrames(_ frame: inout [UInt8]) -> Bool {
        for _ in 0..<64 {
            let n = frame.withUnsafeMutableBytes { read(tap.fd, $0.baseAddress, $0.count) }
            if n > 0 {
                frame.withUnsafeBytes { ops.input?(arg, $0.baseAddress, n) }
                continue
            }
            if n < 0 && (errno == EAGAIN || errno == EINTR) { return true }
            let why = n == 0 ? "end of file" : Errno.last.description
            FileHandle.standardError.write(Data("nbshim: TAP interface \(tap.name) stopped (\(why)); the driver stays attached without it\n".utf8))
            if up { up = false; ops.updown?(arg, false) }
            return false
        }
        return true
    }

    /// Brings the driver in line with Linux: MTU first (an interface set up with a new MTU starts
    /// with it), then up/down. A refused MTU is put back on the Linux side.
    private func sync() {
        guard let now = try? tap.state() else { return }
        if now.mtu != mtu {
            let rc = ops.mtu?(arg, UInt32(now.mtu)) ?? 0
            if rc == 0 {
                mtu = now.mtu
            } else {
                FileHandle.standardError.write(Data("nbshim: \(tap.name): the driver refused MTU \(now.mtu) (errno \(rc)); back to \(mtu)\n".utf8))
                do { try tap.setMTU(mtu) } catch {
                    FileHandle.standardError.write(Data("nbshim: \(error)\n".utf8))
                }
            }
        }
        if now.up != up {
            up = now.up
            ops.updown?(arg, up)
        }
    }
}

@_cdecl("nbh_tap_open")
public func nbh_tap_open(_ name: UnsafePointer<CChar>, _ mac: UnsafePointer<UInt8>, _ mtu: UInt32,
                         _ ops: UnsafePointer<nbh_tap_ops>, _ arg: UnsafeMutableRawPointer?,
                         _ out: UnsafeMutablePointer<OpaquePointer?>) -> Int32 {
    let ifname = String(cString: name)
    guard mtu > 0, mtu <= 65535 else {
        return hypercallFailed("creating TAP interface \(ifname)", HostError("MTU \(mtu) is outside 1-65535"), .EINVAL)
    }
    do {
        let bridge = try TAPBridge(name: ifname, mac: Array(UnsafeBufferPointer(start: mac, count: 6)),
                                   mtu: Int32(mtu), ops: ops.pointee, arg: arg)
        bridge.start()
        out.pointee = OpaquePointer(Unmanaged.passRetained(bridge).toOpaque())
        return 0
    } catch {
        // What fails without a system call's errno is a bad name or address.
        return hypercallFailed("creating TAP interface \(ifname)", error, .EINVAL)
    }
}

@_cdecl("nbh_tap_close")
public func nbh_tap_close(_ tap: OpaquePointer) {
    let bridge = Unmanaged<TAPBridge>.fromOpaque(UnsafeRawPointer(tap)).takeRetainedValue()
    bridge.stop()
}

@_cdecl("nbh_tap_output")
public func nbh_tap_output(_ tap: OpaquePointer, _ iov: UnsafePointer<nbh_iovec>, _ count: UInt32) -> Int32 {
    let bridge = Unmanaged<TAPBridge>.fromOpaque(UnsafeRawPointer(tap)).takeUnretainedValue()
    // struct nbh_iovec has struct iovec's layout: a base pointer, then a size_t length.
    let n = iov.withMemoryRebound(to: iovec.self, capacity: Int(count)) { writev(bridge.tap.fd, $0, Int32(count)) }
    return n < 0 ? NetBSDErrno(linux: errno).value : 0
}

@_cdecl("nbh_tap_link")
public func nbh_tap_link(_ tap: OpaquePointer, _ up: Bool) {
    let bridge = Unmanaged<TAPBridge>.fromOpaque(UnsafeRawPointer(tap)).takeUnretainedValue()
    do { try bridge.tap.setCarrier(up) } catch {
        FileHandle.standardError.write(Data("nbshim: \(error)\n".utf8))
    }
}
