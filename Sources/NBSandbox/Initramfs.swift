import Foundation

/// The guest's initramfs: a cached boot part (static busybox, the modules that mount the host's root
/// over virtio-9p, /init) followed by a small per-run part (the command script and the exit marker).
enum Initramfs {
    /// What the guest needs before it can reach the host's module tree.
    static let bootModules = ["virtio_pci", "9pnet_virtio", "9p", "overlay"]

    /// Path of the boot part, built once per kernel/busybox/init combination into `cacheDirectory`.
    static func bootArchive(kernel: GuestKernel, busybox: String, cacheDirectory: String) throws -> String {
        let modules = try kernel.moduleFiles(for: bootModules)
        for m in modules where !(m.hasSuffix(".ko") || m.hasSuffix(".ko.xz") || m.hasSuffix(".ko.gz")) {
            throw SandboxError("\(m): the guest's busybox can only load .ko, .ko.xz and .ko.gz modules")
        }
        // Key: everything that goes in, by name, size and modification time.
        var key = FNV1a()
        key.add(GuestInit.script)
        for path in [busybox] + modules {
            let attrs = try FileManager.default.attributesOfItem(atPath: path)
            key.add("\(path) \(attrs[.size] ?? 0) \((attrs[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0)")
        }
        let path = "\(cacheDirectory)/initramfs-\(kernel.version)-\(key.hex).cpio"
        if FileManager.default.fileExists(atPath: path) { return path }

        var a = CPIOArchive()
        for d in ["bin", "dev", "proc", "sys", "tmp", "host", "upper", "newroot", "modules", "nbshim"] {
            a.addDirectory(d)
        }
        a.addCharacterDevice("dev/console", major: 5, minor: 1)
        a.addFile("bin/busybox", contents: try read(busybox), permissions: 0o755)
        a.addFile("init", contents: Array(GuestInit.script.utf8), permissions: 0o755)
        for (i, m) in modules.enumerated() {
            // The number keeps the load order when /init globs the directory.
            let number = i < 10 ? "0\(i)" : "\(i)"
            a.addFile("modules/\(number)-\((m as NSString).lastPathComponent)", contents: try read(m))
        }
        do {
            try FileManager.default.createDirectory(atPath: cacheDirectory, withIntermediateDirectories: true)
            // Written aside and renamed, so concurrent runs never see half an archive.
            let tmp = "\(path).\(getpid()).tmp"
            try Data(a.finish()).write(to: URL(fileURLWithPath: tmp))
            try FileManager.default.moveItem(atPath: tmp, toPath: path)
        } catch {
            if FileManager.default.fileExists(atPath: path) { return path }
            throw SandboxError("cannot write the guest's initramfs to \(cacheDirectory) (\(error.localizedDescription)); set XDG_CACHE_HOME to a writable directory")
        }
        return path
    }

    /// The per-run part, appended to the boot part (the kernel unpacks concatenated archives in turn).
    static func runArchive(commandScript: String, marker: String) -> [UInt8] {
        var a = CPIOArchive()
        a.addFile("nbshim/command", contents: Array(commandScript.utf8), permissions: 0o755)
        a.addFile("nbshim/marker", contents: Array(marker.utf8))
        return a.finish()
    }

    /// $XDG_CACHE_HOME/nbshim, else ~/.cache/nbshim.
    static func defaultCacheDirectory(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let x = environment["XDG_CACHE_HOME"], !x.isEmpty { return "\(x)/nbshim" }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return "\(home)/.cache/nbshim"
    }

    private static func read(_ path: String) throws -> [UInt8] {
        guard let d = FileManager.default.contents(atPath: path) else {
            throw SandboxError("cannot read \(path) for the guest's initramfs")
        }
        return [UInt8](d)
    }
}

/// 64-bit FNV-1a: a cache key, not a security boundary.
struct FNV1a {
    private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325
    mutating func add(_ s: String) {
        for b in s.utf8 + [0] { value = (value ^ UInt64(b)) &* 0x100_0000_01b3 }
    }
    var hex: String { String(value, radix: 16) }
}
