import Foundation

/// NetBSD errno values, which every hypercall returns (sys/errno.h). Linux agrees with NetBSD up to
/// ERANGE (34) and differs above, so a host errno is translated before it crosses the boundary.
struct NetBSDErrno: Error, Equatable {
    let value: Int32
    init(_ value: Int32) { self.value = value }

    static let ENOENT = NetBSDErrno(2)
    static let EIO = NetBSDErrno(5)
    static let ENXIO = NetBSDErrno(6)
    static let ENOMEM = NetBSDErrno(12)
    static let EBUSY = NetBSDErrno(16)
    static let EINVAL = NetBSDErrno(22)
    static let ENOTTY = NetBSDErrno(25)
    static let EAGAIN = NetBSDErrno(35)
    static let EWOULDBLOCK = EAGAIN
    static let EOPNOTSUPP = NetBSDErrno(45)
    static let ELOOP = NetBSDErrno(62)
    static let ENAMETOOLONG = NetBSDErrno(63)
    static let EFTYPE = NetBSDErrno(79)
    static let EOVERFLOW = NetBSDErrno(84)

    /// NetBSD's number for a Linux errno; EIO for one NetBSD has no equivalent of here.
    init(linux e: Int32) {
        switch e {
        case 1...34: value = e
        case Glibc.EAGAIN: self = .EAGAIN
        case Glibc.EOPNOTSUPP: self = .EOPNOTSUPP
        case Glibc.ENAMETOOLONG: self = .ENAMETOOLONG
        case Glibc.ELOOP: self = .ELOOP
        case Glibc.EOVERFLOW: self = .EOVERFLOW
        default: self = .EIO
        }
    }
}
