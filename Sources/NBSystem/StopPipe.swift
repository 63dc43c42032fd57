import Glibc
import SystemPackage

/// The self-pipe that stops a thread blocked in poll(2), or carries a signal number out of a signal
/// handler: `fd` is polled beside the thread's other descriptors and becomes readable on the first
/// `signal`. Both ends are close-on-exec. The write end is non-blocking, so signalling never blocks
/// (a full pipe is readable already) and is async-signal-safe.
public final class StopPipe: @unchecked Sendable {
    /// The read end.
    public let fd: Int32
    /// The write end, for a signal handler: it must write(2) a byte to it and touch no Swift object.
    public let signalFD: Int32

    /// `user` names who stops through it, for the error: "the uio0 interrupt thread".
    public init(for user: String) throws {
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else { throw SystemError("cannot create a stop pipe for \(user)", errno: .last) }
        (fd, signalFD) = (ends[0], ends[1])
        for e in ends { _ = fcntl(e, F_SETFD, FD_CLOEXEC) }
        _ = fcntl(signalFD, F_SETFL, O_NONBLOCK)
    }

    deinit {
        close(fd)
        close(signalFD)
    }

    /// Makes `fd` readable; `byte` is what `take` returns (a signal number).
    public func signal(_ byte: UInt8 = 1) {
        var b = byte
        _ = write(signalFD, &b, 1)
    }

    /// An entry for poll(2) that waits for the stop.
    public var pollEntry: pollfd { pollfd(fd: fd, events: Int16(POLLIN), revents: 0) }

    /// Waits for a byte and returns it; nil when reading fails.
    public func take() -> UInt8? {
        var b: UInt8 = 0
        while true {
            let n = Glibc.read(fd, &b, 1)
            if n == 1 { return b }
            if n == 0 || errno != EINTR { return nil }
        }
    }
}

/// What fails in these helpers, in the shape of the modules' errors.
public struct SystemError: SystemCallError, Sendable {
    public var what: String
    public var errno: Errno?
    public var fix: String?

    public init(_ what: String, errno: Errno? = nil, fix: String? = nil) {
        self.what = what
        self.errno = errno
        self.fix = fix
    }
}
