import Foundation
import NBSystem
import SystemPackage

/// One nbshim at a time per PCI function, whatever the backend: an open file description lock
/// (fcntl F_OFD_SETLK) on run/nbshim/owner/BDF.lock. The kernel drops it when the last descriptor
/// of that description closes, so it dies with its process, kill -9 included, and unlike a POSIX
/// record lock it survives the holder opening and closing the file elsewhere. Lock files stay:
/// a removed one could be locked by one process through an old descriptor and by another through
/// a new file.
public final class DeviceLock {
    public let address: PCIAddress
    let state: StateDirectory
    var fd: Int32
    /// The owner record a process that ended without releasing left beside the lock.
    public let previousOwner: OwnerRecord?

    // Linux's values (asm-generic/fcntl.h); Glibc exports them only under _GNU_SOURCE.
    static let F_OFD_GETLK: Int32 = 36
    static let F_OFD_SETLK: Int32 = 37

    private init(_ a: PCIAddress, _ state: StateDirectory, _ fd: Int32, previous: OwnerRecord?) {
        address = a
        self.state = state
        self.fd = fd
        previousOwner = previous
    }

    deinit { release() }

    /// Takes the device's lock without waiting. A held lock is one line naming its holder:
    /// `0000:00:03.0 is driven by nbshim pid 212 (wm0); stop it first`.
    public static func take(_ a: PCIAddress, paths: HostPaths) throws -> DeviceLock {
        let state = StateDirectory(paths: paths)
        let path = state.lockPath(a)
        do {
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent,
                                                    withIntermediateDirectories: true)
        } catch {
            throw PCIError("cannot lock \(a): \(StateDirectory.reason(error)) (run as root: nbshim keeps its state in \(state.root))")
        }
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw PCIError("cannot lock \(a): \(path)", errno: .last, fix: "run as root")
        }
        var lock = wholeFile(F_WRLCK)
        guard fcntl(fd, F_OFD_SETLK, &lock) == 0 else {
            let e = Errno.last
            close(fd)
            guard e == .resourceTemporarilyUnavailable || e == .permissionDenied else {
                throw PCIError("cannot lock \(a): \(path)", errno: e)
            }
            throw PCIError(refusal(a, holder: try? state.read(OwnerRecord.self, at: state.ownerPath(a))))
        }
        let previous: OwnerRecord?
        do { previous = try state.read(OwnerRecord.self, at: state.ownerPath(a)) } catch {
            close(fd)
            throw error
        }
        return DeviceLock(a, state, fd, previous: previous)
    }

    static func refusal(_ a: PCIAddress, holder: OwnerRecord?) -> String {
        guard let holder, processExists(holder.pid) else {
            return "\(a) is in use by another nbshim (a bind, unbind or attach is under way); try again when it is done"
        }
        return "\(a) is driven by \(holder.name); stop it first"
    }

    /// Whether a process holds the device's lock now; asks the kernel without taking it.
    public static func isHeld(_ a: PCIAddress, paths: HostPaths) -> Bool {
        let fd = open(StateDirectory(paths: paths).lockPath(a), O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var probe = wholeFile(F_WRLCK)
        return fcntl(fd, F_OFD_GETLK, &probe) == 0 && probe.l_type != Int16(F_UNLCK)
    }

    /// Records this process as the device's owner, driving `drives`.
    public func own(drives: [String] = []) throws {
        precondition(fd >= 0, "DeviceLock.own after release")
        try state.write(OwnerRecord(drives: drives), to: state.ownerPath(address))
    }

    /// Removes the owner record (this process's, or the one a dead owner left).
    public func clearOwner() { state.remove(state.ownerPath(address)) }

    /// Ends the ownership: the record is removed and the lock dropped. Idempotent.
    public func release() {
        guard fd >= 0 else { return }
        clearOwner()
        close(fd)
        fd = -1
    }

    static func wholeFile(_ type: Int32) -> flock {
        var l = flock()
        l.l_type = Int16(type)
        l.l_whence = Int16(SEEK_SET)
        return l
    }

    static func processExists(_ pid: Int32) -> Bool { pid > 0 && (kill(pid, 0) == 0 || errno == EPERM) }
}
