import NBSystem
import SystemPackage

/// What goes wrong in the host backends (uio, vfio, DMA memory, TAP, the control channel), as one
/// line: what failed, the system's answer when a call gave one, and how to fix it when there is a
/// fix. A hypercall that fails on one hands its errno to the driver.
public struct HostError: SystemCallError, Sendable {
    public var what: String
    public var errno: Errno?
    public var fix: String?

    public init(_ what: String, errno: Errno? = nil, fix: String? = nil) {
        self.what = what
        self.errno = errno
        self.fix = fix
    }
}
