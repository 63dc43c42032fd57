import Foundation
#if canImport(Glibc)
import Glibc
#endif
import NBSystem
import SystemPackage

/// A running QEMU: stdin /dev/null (the guest command gets no input), stdout a pipe carrying the
/// guest's serial console, stderr shared with ours so QEMU's own errors reach the user.
final class QEMUProcess {
    let pid: pid_t
    private let console: Int32
    private var reaped: Int32?

    enum Ending {
        /// QEMU closed the console and exited; its wait status.
        case exited(Int32)
        case timedOut
        case interrupted(Int32)
    }

    init(executable: String, arguments: [String]) throws {
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0, fcntl(fds[0], F_SETFD, FD_CLOEXEC) == 0, fcntl(fds[1], F_SETFD, FD_CLOEXEC) == 0 else {
            throw SandboxError("cannot create a pipe for QEMU's console", errno: .last)
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, fds[1], 1)
        // QEMU starts with default dispositions and nothing blocked, whatever we have installed.
        var attr = posix_spawnattr_t()
        posix_spawnattr_init(&attr)
        defer { posix_spawnattr_destroy(&attr) }
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for s in [SIGINT, SIGTERM, SIGHUP, SIGPIPE] { sigaddset(&defaults, s) }
        posix_spawnattr_setsigdefault(&attr, &defaults)
        var none = sigset_t()
        sigemptyset(&none)
        posix_spawnattr_setsigmask(&attr, &none)
        posix_spawnattr_setflags(&attr, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        let argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var child: pid_t = 0
        let rc = posix_spawn(&child, executable, &actions, &attr, argv, environ)
        close(fds[1])
        guard rc == 0 else {
            close(fds[0])
            throw SandboxError("cannot start \(executable)", errno: Errno(rawValue: rc))
        }
        pid = child
        console = fds[0]
    }

    deinit {
        kill()
        close(console)
    }

    /// Passes console bytes to `sink` until QEMU closes the console, `deadline` passes or one of
    /// SIGINT/SIGTERM/SIGHUP arrives (QEMU is killed in the last two cases).
    func stream(until deadline: () -> Date, _ sink: ([UInt8]) -> Void) throws -> Ending {
        let trap = try SignalTrap()
        defer { trap.restore() }
        var buf = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let left = deadline().timeIntervalSinceNow
            if left <= 0 {
                kill()
                return .timedOut
            }
            var fds = [trap.stop.pollEntry, pollfd(fd: console, events: Int16(POLLIN), revents: 0)]
            let r = poll(&fds, 2, Int32(min(left * 1000, Double(Int32.max - 1))) + 1)
            if fds[0].revents != 0 {
                kill()
                return .interrupted(Int32(trap.stop.take() ?? UInt8(SIGTERM)))
            }
            if r <= 0 { continue }  // timeout or EINTR: re-check the deadline
            let n = buf.withUnsafeMutableBytes { read(console, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return .exited(reap()) }
            sink(Array(buf[..<n]))
        }
    }

    func kill() {
        guard reaped == nil else { return }
        _ = Glibc.kill(pid, SIGKILL)
        _ = reap()
    }

    private func reap() -> Int32 {
        if let s = reaped { return s }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        reaped = status
        return status
    }
}

/// SIGINT/SIGTERM/SIGHUP while a sandbox runs: their numbers go down `stop`, the first one read
/// wins, and nbshim then kills QEMU instead of dying and leaving the guest running.
nonisolated(unsafe) private var trapFD: Int32 = -1

private final class SignalTrap {
    private static let signals = [SIGINT, SIGTERM, SIGHUP]
    let stop: StopPipe
    private var previous: [Int32: sighandler_t?] = [:]

    init() throws {
        do { stop = try StopPipe(for: "the sandbox's SIGINT, SIGTERM and SIGHUP") } catch let e as SystemError {
            throw SandboxError(e.what, errno: e.errno)
        }
        trapFD = stop.signalFD
        for s in Self.signals {
            previous[s] = signal(s) { sig in
                var b = UInt8(truncatingIfNeeded: sig)
                _ = write(trapFD, &b, 1)
            }
        }
    }

    func restore() {
        for (s, h) in previous { signal(s, h) }
        trapFD = -1
    }
}
