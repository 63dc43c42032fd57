import Foundation
@testable import NBPCI

/// Another process holding a device's lock: /bin/sleep started with a descriptor of the lock's
/// open file description, this process's own descriptor closed. The lock lives as long as the
/// child; `kill9()` ends it the way a crash would.
final class LockHolder {
    let pid: pid_t
    private var reaped = false

    /// Hands `lock` (taken here) to a child; records that name this process are rewritten to name the child.
    init(_ lock: DeviceLock) throws {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, lock.fd, 100)
        var child: pid_t = 0
        var argv: [UnsafeMutablePointer<CChar>?] = [strdup("sleep"), strdup("600"), nil]
        defer { argv.forEach { free($0) } }
        let rc = posix_spawn(&child, "/bin/sleep", &actions, nil, &argv, environ)
        guard rc == 0 else { throw PCIError("posix_spawn /bin/sleep: \(String(cString: strerror(rc)))") }
        pid = child
        let state = lock.state, a = lock.address
        if var record = try state.read(OwnerRecord.self, at: state.ownerPath(a)) {
            record.pid = child
            try state.write(record, to: state.ownerPath(a))
        }
        if var record = try state.read(BindingRecord.self, at: state.bindingPath(a)), record.pid == getpid() {
            record.pid = child
            try state.write(record, to: state.bindingPath(a))
        }
        close(lock.fd)  // without unlocking: the child's descriptor keeps the lock
        lock.fd = -1
    }

    /// SIGKILL, then reaps the child: its descriptors, and with them the lock, are gone on return.
    func kill9() {
        guard !reaped else { return }
        reaped = true
        kill(pid, SIGKILL)
        var status: Int32 = 0
        waitpid(pid, &status, 0)
    }

    deinit { kill9() }
}
