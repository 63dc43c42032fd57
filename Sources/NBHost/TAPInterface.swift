import Glibc
import NBPCI
import NBSystem
import SystemPackage

/// A Linux TAP interface (Ethernet frames, no packet-info or vnet header) as the host side of an
/// attached NetBSD ifnet: created on open, gone when the descriptor closes.
final class TAPInterface {
    /// Kernel ABI values from linux/if_tun.h, which Glibc does not bring to Swift.
    private static let TUNSETIFF = UInt(0x4004_54ca)        // _IOW('T', 202, int)
    private static let TUNSETCARRIER = UInt(0x4004_54e2)    // _IOW('T', 226, int), Linux >= 5.0
    private static let IFF_TAP: Int16 = 0x0002
    private static let IFF_NO_PI: Int16 = 0x1000
    /// The largest frame a TAP hands over: 64 KiB MTU plus the Ethernet and VLAN headers.
    static let maxFrame = 65536 + 18

    private(set) var fd: Int32
    let index: Int32
    /// A datagram socket for the interface ioctls (MTU, flags, address) that act by name.
    private var control: Int32

    /// Creates interface `name` with `mac` and `mtu`; the descriptor is non-blocking.
    init(name: String, mac: [UInt8], mtu: Int32) throws {
        guard !name.isEmpty, name.utf8.count < Int(IFNAMSIZ), !name.contains("/"), !name.contains(" ") else {
            throw HostError("\"\(name)\" is not a Linux interface name (1-15 characters, no '/' or spaces)")
        }
        fd = open("/dev/net/tun", O_RDWR | O_CLOEXEC | O_NONBLOCK)
        if fd < 0, [ENOENT, ENODEV, ENXIO].contains(errno), geteuid() == 0 {
            // Like `nbshim bind` with uio: load the module the job needs, then try again.
            if (try? Binder.modprobe("tun")) != nil { fd = open("/dev/net/tun", O_RDWR | O_CLOEXEC | O_NONBLOCK) }
        }
        guard fd >= 0 else {
            let e = Errno.last
            switch e {
            case .noSuchFileOrDirectory, .operationNotSupportedByDevice, .noSuchAddressOrDevice:
                throw HostError("/dev/net/tun is missing", errno: e, fix: "load the tun module (modprobe tun)")
            case .permissionDenied, .notPermitted:
                throw HostError("opening /dev/net/tun", errno: e, fix: "it needs root (CAP_NET_ADMIN)")
            default:
                throw HostError("/dev/net/tun", errno: e)
            }
        }
        control = socket(AF_INET, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard control >= 0 else {
            let e = Errno.last
            Glibc.close(fd)
            throw HostError("socket for interface ioctls", errno: e)
        }
        var req = TAPInterface.request(name)
        req.ifr_ifru.ifru_flags = TAPInterface.IFF_TAP | TAPInterface.IFF_NO_PI
        if ioctl(fd, TAPInterface.TUNSETIFF, &req) != 0 {
            let e = Errno.last
            Glibc.close(fd); Glibc.close(control)
            switch e {
            case .notPermitted: throw HostError("creating TAP interface \(name)", errno: e, fix: "it needs root (CAP_NET_ADMIN)")
            case .resourceBusy: throw HostError("creating TAP interface \(name)", errno: e, fix: "it exists and is in use: remove it or detach its driver first")
            case .invalidArgument: throw HostError("creating TAP interface \(name)", errno: e, fix: "it exists and is not a TAP interface: remove it (ip link del \(name))")
            default: throw HostError("TUNSETIFF \(name)", errno: e)
            }
        }
        var idx = TAPInterface.request(name)
        guard ioctl(control, UInt(SIOCGIFINDEX), &idx) == 0 else {
            let e = Errno.last
            Glibc.close(fd); Glibc.close(control)
            throw HostError("SIOCGIFINDEX \(name)", errno: e)
        }
        index = idx.ifr_ifru.ifru_ivalue
        do {
            try setAddress(mac)
            try setMTU(mtu)
        } catch {
            Glibc.close(fd); Glibc.close(control)
            throw error
        }
    }

    deinit { close() }

    /// Closing the descriptor removes the interface, at once.
    func close() {
        guard fd >= 0 else { return }
        Glibc.close(control)
        Glibc.close(fd)
        (fd, control) = (-1, -1)
    }

    /// The interface's current name (Linux may rename it), for the ioctls that act by name.
    var name: String {
        var buf = [CChar](repeating: 0, count: Int(IFNAMSIZ))
        return if_indextoname(UInt32(index), &buf) != nil ? String(cString: buf) : "if\(index)"
    }

    func setAddress(_ mac: [UInt8]) throws {
        guard mac.count == 6 else { throw HostError("an Ethernet address has 6 bytes, not \(mac.count)") }
        var req = TAPInterface.request(name)
        req.ifr_ifru.ifru_hwaddr.sa_family = 1    // ARPHRD_ETHER
        withUnsafeMutableBytes(of: &req.ifr_ifru.ifru_hwaddr.sa_data) { $0.copyBytes(from: mac) }
        try interfaceIoctl(SIOCSIFHWADDR, &req, "setting the address of \(name)")
    }

    func setMTU(_ mtu: Int32) throws {
        var req = TAPInterface.request(name)
        req.ifr_ifru.ifru_mtu = mtu
        try interfaceIoctl(SIOCSIFMTU, &req, "setting MTU \(mtu) on \(name)")
    }

    /// IFF_* flags and MTU as Linux has them now.
    func state() throws -> (up: Bool, mtu: Int32) {
        var req = TAPInterface.request(name)
        try interfaceIoctl(SIOCGIFFLAGS, &req, "reading the flags of \(name)")
        let up = Int(req.ifr_ifru.ifru_flags) & IFF_UP != 0
        req = TAPInterface.request(name)
        try interfaceIoctl(SIOCGIFMTU, &req, "reading the MTU of \(name)")
        return (up, req.ifr_ifru.ifru_mtu)
    }

    /// Carrier as `ip link` and /sys/class/net/NAME/carrier show it.
    func setCarrier(_ on: Bool) throws {
        var value: Int32 = on ? 1 : 0
        guard ioctl(fd, TAPInterface.TUNSETCARRIER, &value) == 0 else {
            let e = Errno.last
            throw HostError("TUNSETCARRIER on \(name)", errno: e,
                            fix: e == .invalidArgument || e == .inappropriateIOCTLForDevice ? "needs Linux 5.0 or later" : nil)
        }
    }

    /// The link-layer multicast addresses Linux wants this interface to receive, sorted
    /// (/proc/net/dev_mcast: index, name, users, global users, address in hex).
    func multicastAddresses() -> [[UInt8]] {
        guard let f = fopen("/proc/net/dev_mcast", "r") else { return [] }
        defer { fclose(f) }
        var list: [[UInt8]] = []
        var line = [CChar](repeating: 0, count: 256)
        while fgets(&line, Int32(line.count), f) != nil {
            let fields = String(cString: line).split(separator: " ", omittingEmptySubsequences: true)
            guard fields.count >= 5, Int32(fields[0]) == index else { continue }
            let hex = Array(fields[4].utf8.prefix(12))
            guard hex.count == 12 else { continue }
            let bytes = stride(from: 0, to: 12, by: 2).compactMap { UInt8(String(decoding: hex[$0..<$0 + 2], as: UTF8.self), radix: 16) }
            if bytes.count == 6 { list.append(bytes) }
        }
        return list.sorted { $0.lexicographicallyPrecedes($1) }
    }

    private func interfaceIoctl(_ request: Int32, _ req: inout ifreq, _ what: String) throws {
        guard ioctl(control, UInt(request), &req) == 0 else {
            throw HostError(what, errno: .last)
        }
    }

    private static func request(_ name: String) -> ifreq {
        var req = ifreq()
        withUnsafeMutableBytes(of: &req.ifr_ifrn.ifrn_name) { buf in
            buf.copyBytes(from: name.utf8.prefix(buf.count - 1))
        }
        return req
    }
}
