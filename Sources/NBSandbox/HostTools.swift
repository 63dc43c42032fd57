import Foundation

/// The host programs a sandbox needs: QEMU to run the guest and a static busybox for its initramfs.
struct HostTools {
    var qemu: String
    var busybox: String

    static func find(path: String = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin") throws -> HostTools {
        let dirs = path.split(separator: ":").map(String.init)
        let qemuCandidates = dirs.map { (d: String) -> String in "\(d)/qemu-system-x86_64" }
        guard let qemu = qemuCandidates.first(where: { access($0, X_OK) == 0 }) else {
            throw SandboxError("qemu-system-x86_64 is not installed; install it: \(SandboxError.installCommand)")
        }
        // The initramfs has no libc, so only a statically linked busybox can run there.
        let candidates = ["/bin/busybox", "/usr/bin/busybox"] + dirs.map { "\($0)/busybox" }
        guard let busybox = candidates.first(where: { access($0, X_OK) == 0 && ELFFile.isStatic($0) }) else {
            throw SandboxError("no statically linked busybox for the guest's initramfs; install it: \(SandboxError.installCommand)")
        }
        return HostTools(qemu: qemu, busybox: busybox)
    }
}
