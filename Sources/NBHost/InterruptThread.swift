import Foundation
import NBPCI
import NBSystem
import SystemPackage

/// A thread that waits for interrupts on a file descriptor that becomes readable once per interrupt
/// and yields a counter when read (/dev/uioN: 4 bytes; a vfio eventfd: 8 bytes), runs the handler,
/// then `rearm` (uio: unmask INTx). stop() wakes it through a StopPipe and joins it, so the handler is
/// not running once stop() returns. The kernel counts events per open file, so an interrupt that
/// arrives while the handler runs makes the next poll() return at once: none is lost.
final class InterruptThread: @unchecked Sendable {
    private let fd: Int32
    private let countSize: Int
    private let handler: @Sendable () -> Void
    private let rearm: () throws -> Void
    private let stopPipe: StopPipe
    private var thread = pthread_t()
    /// Why the thread ended on its own, if it did (device gone, unmask failed).
    private(set) var failure: String?

    init(fd: Int32, countSize: Int, name: String, handler: @escaping @Sendable () -> Void,
         rearm: @escaping () throws -> Void) throws {
        self.fd = fd
        self.countSize = countSize
        self.handler = handler
        self.rearm = rearm
        stopPipe = try StopPipe(for: "the \(name) interrupt thread")
        let context = Unmanaged.passRetained(self).toOpaque()
        let rc = pthread_create(&thread, nil, { context in
            let me = Unmanaged<InterruptThread>.fromOpaque(context!).takeRetainedValue()
            me.run()
            return nil
        }, context)
        guard rc == 0 else {
            Unmanaged<InterruptThread>.fromOpaque(context).release()
            throw HostError("cannot start the \(name) interrupt thread", errno: Errno(rawValue: rc))
        }
    }

    func stop() {
        stopPipe.signal()
        pthread_join(thread, nil)
    }

    private func run() {
        var count = [UInt8](repeating: 0, count: countSize)
        while true {
            var fds = [pollfd(fd: fd, events: Int16(POLLIN), revents: 0), stopPipe.pollEntry]
            if poll(&fds, 2, -1) < 0 {
                if errno == EINTR { continue }
                return fail("poll failed: \(Errno.last)")
            }
            if fds[1].revents != 0 { return }
            if fds[0].revents & Int16(POLLIN) == 0 {
                return fail("interrupt file reported \(fds[0].revents) (device removed?)")
            }
            let n = read(fd, &count, countSize)
            guard n == countSize else {
                return fail("reading the interrupt count returned \(n): \(Errno.last)")
            }
            handler()
            do { try rearm() } catch { return fail("re-enabling the interrupt failed: \(error)") }
        }
    }

    private func fail(_ why: String) {
        failure = why
        FileHandle.standardError.write(Data("nbshim: interrupt thread stopped: \(why)\n".utf8))
    }
}
