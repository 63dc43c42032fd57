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

/// Just enough ELF reading to tell a static executable (no PT_INTERP program header) from a dynamic one.
enum ELFFile {
    static func isStatic(_ path: String) -> Bool {
        guard let data = FileManager.default.contents(atPath: path), data.count >= 64 else { return false }
        let b = [UInt8](data)
        guard b[0..<4] == [0x7f, 0x45, 0x4c, 0x46], b[4] == 2, b[5] == 1 else { return false }  // ELF64, little-endian
        func u(_ off: Int, _ n: Int) -> Int { (0..<n).reduce(0) { $0 | Int(b[off + $1]) << (8 * $1) } }
        let phoff = u(0x20, 8), phentsize = u(0x36, 2), phnum = u(0x38, 2)
        guard phentsize >= 4, phoff + phnum * phentsize <= b.count else { return false }
        let ptInterp = 3
        return !(0..<phnum).contains { u(phoff + $0 * phentsize, 4) == ptInterp }
    }
}
