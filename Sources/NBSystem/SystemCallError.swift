import Glibc
import SystemPackage

/// An error that may carry the errno of the system call behind it. The hypercalls hand that errno
/// to the driver (in NetBSD's numbering); each module's error type (PCIError, HostError,
/// SandboxError) conforms.
public protocol SystemCallError: Error, CustomStringConvertible {
    /// What failed: "cannot open /dev/vfio/5".
    var what: String { get }
    /// The system's answer, when a call gave one.
    var errno: Errno? { get }
    /// How to fix it, when there is a fix: "run as root".
    var fix: String? { get }
}

extension SystemCallError {
    /// The one spelling of such an error: "what: errno text: fix".
    public var description: String {
        var s = what
        if let errno { s += ": \(errno.description)" }
        if let fix { s += ": \(fix)" }
        return s
    }
}

extension Errno {
    /// The errno the last failed system call left (swift-system keeps its own accessor internal).
    public static var last: Errno { Errno(rawValue: Glibc.errno) }
}
