import Foundation
import NBPCI

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
            throw PCIError("cannot create the signal pipe: \(String(cString: strerror(errno)))")
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

    /// Blocks until SIGINT or SIGTERM arrives; returns its number.
    public static func wait() -> Int32 {
        var b: UInt8 = 0
        while read(pipeFDs[0], &b, 1) != 1 {
            if errno != EINTR { return SIGTERM }
        }
        return Int32(b)
    }
}
