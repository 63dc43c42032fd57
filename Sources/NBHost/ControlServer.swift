import Foundation
import Glibc
import NBPCI
import NBSystem
import SystemPackage

/// The control channel into a running `nbshim attach`: a unix stream socket per attached interface
/// (run/nbshim/if/NAME, mode 0600: as ifconfig's media changes need root on NetBSD), all served by
/// one thread. A request is one line of space-separated words ("ifmedia rtn0 100baseTX"); the reply
/// is the output lines, then "exit N".
public final class ControlServer: @unchecked Sendable {
    public typealias Handler = ([String]) -> (lines: [String], status: Int32)

    public let directory: String
    private let handler: Handler
    private var listeners: [(fd: Int32, path: String)] = []
    private var stopPipe: StopPipe?
    private var thread: Thread?
    private let done = DispatchSemaphore(value: 0)

    public init(paths: HostPaths = .live, handler: @escaping Handler) {
        directory = paths.run + "/nbshim/if"
        self.handler = handler
    }

    public static func socketPath(_ directory: String, _ interface: String) -> String { directory + "/" + interface }

    /// Serves `interfaces`; a name another live process serves already is skipped with a line to
    /// `report`. Call once.
    public func start(_ interfaces: [String], report: (String) -> Void) throws {
        precondition(thread == nil, "ControlServer.start called twice")
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
        for name in interfaces {
            let path = Self.socketPath(directory, name)
            let probe = Self.connect(path)
            if probe >= 0 {
                Glibc.close(probe)
                report("\(name): another nbshim serves its control socket \(path); `nbshim ifmedia \(name)` goes there")
                continue
            }
            unlink(path)   // stale: its process is gone
            listeners.append((try Self.listen(path), path))
        }
        let stop = try StopPipe(for: "the control channel")
        stopPipe = stop
        let t = Thread { [self] in serve(stop); done.signal() }
        t.name = "nbshim control"
        thread = t
        t.start()
    }

    /// Stops serving (before the drivers detach: a request never meets a detaching interface) and
    /// removes the sockets.
    public func stop() {
        guard thread != nil else { return }
        stopPipe?.signal()
        done.wait()
        thread = nil
        for l in listeners { Glibc.close(l.fd); unlink(l.path) }
        listeners.removeAll()
        stopPipe = nil
    }

    deinit { stop() }

    private func serve(_ stop: StopPipe) {
        var fds = [stop.pollEntry]
        fds += listeners.map { pollfd(fd: $0.fd, events: Int16(POLLIN), revents: 0) }
        while true {
            guard poll(&fds, nfds_t(fds.count), -1) >= 0 || errno == EINTR else { return }
            if fds[0].revents != 0 { return }
            for i in 1..<fds.count where fds[i].revents != 0 {
                let client = accept(fds[i].fd, nil, nil)
                if client >= 0 {
                    _ = fcntl(client, F_SETFD, FD_CLOEXEC)
                    answer(client)
                }
            }
        }
    }

    /// One request per connection; a client that sends nothing for 5 s is dropped.
    private func answer(_ client: Int32) {
        defer { Glibc.close(client) }
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(client, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        guard let line = Self.readLine(client) else { return }
        let words = line.split(separator: " ").map(String.init)
        let reply: (lines: [String], status: Int32) = words.isEmpty ? (["empty request"], 2) : handler(words)
        Self.writeAll(client, (reply.lines + ["exit \(reply.status)"]).joined(separator: "\n") + "\n")
    }

    /// Sends `words` to the attach process serving `interface`; its output lines and exit status.
    public static func request(paths: HostPaths = .live, interface: String, _ words: [String]) throws -> (lines: [String], status: Int32) {
        let path = socketPath(paths.run + "/nbshim/if", interface)
        let fd = connect(path)
        if fd < 0 {
            switch -fd {
            case ENOENT: throw HostError("no nbshim attach has interface \(interface) (no \(path)): attach its driver first, e.g. sudo nbshim attach BDF")
            case ECONNREFUSED: throw HostError("the nbshim attach that had \(interface) is gone (stale \(path))")
            case EACCES, EPERM: throw HostError("\(path): permission denied: run as root (sudo nbshim ...)")
            default: throw HostError("\(path)", errno: Errno(rawValue: -fd))
            }
        }
        defer { Glibc.close(fd) }
        writeAll(fd, words.joined(separator: " ") + "\n")
        var data = [UInt8]()
        var buf = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = read(fd, &buf, buf.count)
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { break }
            data += buf[0..<n]
        }
        var lines = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        while lines.last == "" { lines.removeLast() }
        guard let last = lines.popLast(), last.hasPrefix("exit "), let status = Int32(last.dropFirst(5)) else {
            throw HostError("the nbshim attach serving \(interface) ended the reply early")
        }
        return (lines, status)
    }

    private static func address(_ path: String) throws -> sockaddr_un {
        var a = sockaddr_un()
        a.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: a.sun_path) else {
            throw HostError("control socket path \(path) is too long for a unix socket")
        }
        withUnsafeMutableBytes(of: &a.sun_path) { $0.copyBytes(from: bytes) }
        return a
    }

    /// A connected descriptor, or -errno.
    private static func connect(_ path: String) -> Int32 {
        guard var a = try? address(path) else { return -ENAMETOOLONG }
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return -errno }
        let rc = withUnsafePointer(to: &a) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard rc == 0 else { let e = errno; Glibc.close(fd); return -e }
        return fd
    }

    private static func listen(_ path: String) throws -> Int32 {
        var a = try address(path)
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw HostError("control socket \(path)", errno: .last) }
        let rc = withUnsafePointer(to: &a) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard rc == 0, chmod(path, 0o600) == 0, Glibc.listen(fd, 8) == 0 else {
            let e = errno
            Glibc.close(fd)
            throw HostError("control socket \(path)", errno: Errno(rawValue: e))
        }
        return fd
    }

    private static func readLine(_ fd: Int32) -> String? {
        var data = [UInt8]()
        var b: UInt8 = 0
        while data.count < 4096 {
            let n = read(fd, &b, 1)
            if n < 0 && errno == EINTR { continue }
            guard n == 1 else { return nil }
            if b == UInt8(ascii: "\n") { return String(decoding: data, as: UTF8.self) }
            data.append(b)
        }
        return nil
    }

    /// send, not write: a client that hung up must not SIGPIPE the attach process.
    private static func writeAll(_ fd: Int32, _ text: String) {
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let n = bytes.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { return }
            bytes = bytes.dropFirst(n)
        }
    }
}
