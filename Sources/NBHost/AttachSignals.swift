import Foundation
import NBPCI
import SystemPackage

/// Waits for SIGINT or SIGTERM without letting either kill the process. The kernel personality
/// starts threads that do not block signals, so sigwait cannot be relied on; a handler that writes
/// the signal number to a pipe works whichever thread the signal lands on.
public enum StopSignal {
    nonisolated(unsafe) private static var pipeFDs: [Int32] = [-1, -1]

    /// Installs the handlers. Call before the personality starts, so a signal is never missed.
    public static func install() throws {
        guard pipeFDs[0] < 0 else { return }
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else {
            throw HostError("cannot create the signal pipe", errno: .last)
        }
        pipeFDs = fds
        for s in [SIGINT, SIGTERM] {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = { signo in
                var b = UInt8(truncatingIfNeeded: signo)
                _ = write(StopSignal.pipeFDs[1], &b, 1)
            }
            action.sa_flags = SA_RESTART
            sigemptyset(&action.sa_mask)
            sigaction(s, &action, nil)
        }
    }

    /// Waits up to `seconds` for SIGINT or SIGTERM: its number, or nil when the time ran out.
    public static func wait(seconds: Double) -> Int32? {
        var p = pollfd(fd: pipeFDs[0], events: Int16(POLLIN), revents: 0)
        let deadline = Date().addingTimeInterval(seconds)
        while true {
            let left = deadline.timeIntervalSinceNow
            if left <= 0 { return nil }
            let n = poll(&p, 1, Int32(min(left * 1000, Double(Int32.max)).rounded(.up)))
            if n > 0 { return wait() }
            if n < 0 && errno != EINTR { return SIGTERM }
        }
    }

    /// Blocks until SIGINT or SIGTERM arrives; returns its number.
    public static func wait() -> Int32 {
        var b: UInt8 = 0
        while read(pipeFDs[0], &b, 1) != 1 {
            if errno != EINTR { return SIGTERM }
        }
        return Int32(b)
    }
}
