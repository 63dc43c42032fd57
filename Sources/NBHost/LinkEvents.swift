import Glibc
import NBSystem
import SystemPackage

/// An rtnetlink socket subscribed to link changes (RTMGRP_LINK): it tells that some interface's
/// flags or MTU may have changed; the reader asks the interface itself for the new state.
final class LinkEvents {
    /// linux/netlink.h and linux/rtnetlink.h values, not visible through Glibc.
    private static let NETLINK_ROUTE: Int32 = 0
    private static let RTMGRP_LINK: UInt32 = 1
    private static let RTM_NEWLINK: UInt16 = 16
    private static let RTM_DELLINK: UInt16 = 17
    private static let headerSize = 16      // struct nlmsghdr

    /// struct sockaddr_nl.
    private struct Address {
        var family = UInt16(AF_NETLINK)
        var pad: UInt16 = 0
        var pid: UInt32 = 0
        var groups: UInt32 = 0
    }

    let fd: Int32
    private var buffer = [UInt8](repeating: 0, count: 32768)

    init() throws {
        fd = socket(AF_NETLINK, Int32(SOCK_RAW.rawValue) | Int32(SOCK_CLOEXEC.rawValue) | Int32(SOCK_NONBLOCK.rawValue),
                    LinkEvents.NETLINK_ROUTE)
        guard fd >= 0 else {
            throw HostError("rtnetlink socket", errno: .last)
        }
        var addr = Address(groups: LinkEvents.RTMGRP_LINK)
        let rc = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<Address>.size))
            }
        }
        guard rc == 0 else {
            let e = Errno.last
            close(fd)
            throw HostError("subscribing to rtnetlink link events", errno: e)
        }
    }

    deinit { close(fd) }

    /// Drains pending messages; true when one concerned interface `index`, or when the kernel
    /// dropped messages (ENOBUFS) and the state must be read again anyway.
    func drain(concerning index: Int32) -> Bool {
        var hit = false
        while true {
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n < 0 {
                if errno == EINTR { continue }
                if errno == ENOBUFS { hit = true; continue }
                return hit
            }
            hit = buffer.withUnsafeBytes { LinkEvents.mentions(index, UnsafeRawBufferPointer(rebasing: $0[..<n])) } || hit
        }
    }

    /// Walks nlmsghdr-framed messages for RTM_NEWLINK/RTM_DELLINK whose ifinfomsg names `index`.
    private static func mentions(_ index: Int32, _ data: UnsafeRawBufferPointer) -> Bool {
        var off = 0
        while off + headerSize <= data.count {
            let len = Int(data.loadUnaligned(fromByteOffset: off, as: UInt32.self))
            let type = data.loadUnaligned(fromByteOffset: off + 4, as: UInt16.self)
            guard len >= headerSize, off + len <= data.count else { return false }
            // struct ifinfomsg: family, pad, type (u16), index (i32), flags, change.
            if (type == RTM_NEWLINK || type == RTM_DELLINK), len >= headerSize + 8,
               data.loadUnaligned(fromByteOffset: off + headerSize + 4, as: Int32.self) == index {
                return true
            }
            off += (len + 3) & ~3
        }
        return false
    }
}
