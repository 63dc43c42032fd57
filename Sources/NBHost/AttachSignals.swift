import Foundation
import NBSystem

/// Waits for SIGINT or SIGTERM without letting either kill the process. The kernel personality
/// starts threads that do not block signals, so sigwait cannot be relied on; a handler that writes
/// the signal number to a StopPipe works whichever thread the signal lands on.
public enum StopSignal {
    nonisolated(unsafe) private static var pipe: StopPipe?
    /// The pipe's write end on its own: the handler touches no Swift object.
    nonisolated(unsafe) private static var signalFD: Int32 = -1

    /// Installs the handlers. Call before the personality starts, so a signal is never missed.
    public static func install() throws {
        guard pipe == nil else { return }
        let p = try StopPipe(for: "SIGINT and SIGTERM")
        pipe = p
        signalFD = p.signalFD
        for s in [SIGINT, SIGTERM] {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = { signo in
                var b = UInt8(truncatingIfNeeded: signo)
                _ = write(StopSignal.signalFD, &b, 1)
            }
            action.sa_flags = SA_RESTART
            sigemptyset(&action.sa_mask)
            sigaction(s, &action, nil)
        }
    }

    /// Waits up to `seconds` for SIGINT or SIGTERM: its number, or nil when the time ran out.
    public static func wait(seconds: Double) -> Int32? {
        var p = pipe?.pollEntry ?? pollfd(fd: -1, events: 0, revents: 0)
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
        pipe?.take().map(Int32.init) ?? SIGTERM
    }
}
