import NBSystem
import SystemPackage

/// Why a sandbox run could not report the command's own exit status, as one line: what failed,
/// the system's answer when a call gave one, and the fix.
public struct SandboxError: SystemCallError, Sendable {
    public var what: String
    public var errno: Errno?
    public var fix: String?
    /// What `nbshim sandbox` exits with: 124 on timeout, 128+N when stopped by signal N, else 125.
    public var exitCode: Int32

    public init(_ what: String, errno: Errno? = nil, fix: String? = nil, exitCode: Int32 = 125) {
        self.what = what
        self.errno = errno
        self.fix = fix
        self.exitCode = exitCode
    }

    public var message: String { description }

    /// The Debian packages the sandbox needs on a fresh machine.
    public static let installCommand = "apt-get install -y qemu-system-x86 linux-image-amd64 busybox-static"
}
