import Glibc
import SystemPackage

/// Everything that can go wrong between us and Linux's PCI layer, as one line: what failed, the
/// system's answer when a call gave one, and how to fix it when there is a fix.
public struct PCIError: SystemCallError, CustomStringConvertible, Sendable {
    public var what: String
    public var errno: Errno?
    public var fix: String?

    public init(_ what: String, errno: Errno? = nil, fix: String? = nil) {
        self.what = what
        self.errno = errno
        self.fix = fix
    }

    public var description: String { SystemCallErrorText.line(what, errno, fix) }
    public var message: String { description }
}

/// An error that may carry the errno of the system call behind it (the hypercalls hand that
/// errno to the driver).
public protocol SystemCallError: Error {
    var errno: Errno? { get }
}

/// The one spelling of such an error: "what: errno text: fix".
public enum SystemCallErrorText {
    public static func line(_ what: String, _ errno: Errno?, _ fix: String?) -> String {
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
