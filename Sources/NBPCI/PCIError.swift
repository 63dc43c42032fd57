import NBSystem
import SystemPackage

/// Everything that can go wrong between us and Linux's PCI layer, as one line: what failed, the
/// system's answer when a call gave one, and how to fix it when there is a fix.
public struct PCIError: SystemCallError, Sendable {
    public var what: String
    public var errno: Errno?
    public var fix: String?

    public init(_ what: String, errno: Errno? = nil, fix: String? = nil) {
        self.what = what
        self.errno = errno
        self.fix = fix
    }

    public var message: String { description }
}
