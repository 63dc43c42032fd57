/// Why a sandbox run could not report the command's own exit status. One line each, with the fix.
public struct SandboxError: Error, CustomStringConvertible, Sendable {
    public var message: String
    /// What `nbshim sandbox` exits with: 124 on timeout, 128+N when stopped by signal N, else 125.
    public var exitCode: Int32

    public init(_ message: String, exitCode: Int32 = 125) {
        self.message = message
        self.exitCode = exitCode
    }

    public var description: String { message }

    /// The Debian packages the sandbox needs on a fresh machine.
    public static let installCommand = "apt-get install -y qemu-system-x86 linux-image-amd64 busybox-static"
}
