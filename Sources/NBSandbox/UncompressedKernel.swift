import Foundation

/// Under TCG, the kernel decompressing its own bzImage takes ~8 s of a ~15 s boot. QEMU boots an
/// uncompressed vmlinux directly through its PVH entry point, so the payload is unpacked once on the
/// host (with xz, zstd or gzip, whichever it was packed with) and cached.
enum UncompressedKernel {
    /// The cached vmlinux for `kernel`, or why the bzImage has to be booted as it is.
    static func path(for kernel: GuestKernel, cacheDirectory: String) -> Result<String, SandboxError> {
        guard let data = FileManager.default.contents(atPath: kernel.image) else {
            return .failure(SandboxError("cannot read \(kernel.image)"))
        }
        let image = [UInt8](data)
        let mtime = (try? FileManager.default.attributesOfItem(atPath: kernel.image)[.modificationDate] as? Date)??
            .timeIntervalSince1970 ?? 0
        var key = FNV1a()
        key.add("\(kernel.image) \(image.count) \(mtime)")
        let path = "\(cacheDirectory)/vmlinux-\(kernel.version)-\(key.hex)"
        if FileManager.default.fileExists(atPath: path) { return .success(path) }

        guard let payload = payload(of: image) else {
            return .failure(SandboxError("\(kernel.image) is not a bzImage with a payload (boot protocol 2.08+)"))
        }
        let tools: [([UInt8], [String], String)] = [
            ([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00], ["xz", "-dc"], "xz-utils"),
            ([0x28, 0xb5, 0x2f, 0xfd], ["zstd", "-dc"], "zstd"),
            ([0x1f, 0x8b], ["gzip", "-dc"], "gzip"),
        ]
        guard let (_, command, package) = tools.first(where: { payload.starts(with: $0.0) }) else {
            return .failure(SandboxError("\(kernel.image) is compressed in a format nbshim cannot unpack"))
        }
        let searchPath = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        guard let tool = searchPath.map({ (d: Substring) -> String in "\(d)/\(command[0])" }).first(where: { access($0, X_OK) == 0 }) else {
            return .failure(SandboxError("\(command[0]) is missing; apt-get install -y \(package)"))
        }
        do {
            try FileManager.default.createDirectory(atPath: cacheDirectory, withIntermediateDirectories: true)
            let input = "\(path).\(getpid()).in", output = "\(path).\(getpid()).tmp"
            defer { try? FileManager.default.removeItem(atPath: input); try? FileManager.default.removeItem(atPath: output) }
            try Data(payload).write(to: URL(fileURLWithPath: input))
            guard FileManager.default.createFile(atPath: output, contents: nil) else {
                return .failure(SandboxError("cannot write \(output)"))
            }
            let p = Process()
            p.executableURL = URL(fileURLWithPath: tool)
            p.arguments = Array(command.dropFirst())
            p.standardInput = FileHandle(forReadingAtPath: input)
            p.standardOutput = FileHandle(forWritingAtPath: output)
            p.standardError = FileHandle(forWritingAtPath: "/dev/null")
            try p.run()
            p.waitUntilExit()
            // The kernel's xz stream ends unlike a .xz file, so xz complains even when all came out:
            // judge the result, not the exit status.
            guard let out = FileManager.default.contents(atPath: output), let elf = ELFFile([UInt8](out)),
                  elf.isComplete else {
                return .failure(SandboxError("\(command[0]) did not unpack a complete kernel from \(kernel.image)"))
            }
            // PVH note (Xen ELF note type 18): without it QEMU cannot boot the vmlinux.
            guard elf.hasNote(owner: "Xen", type: 18) else {
                return .failure(SandboxError("\(kernel.image) has no PVH entry point (CONFIG_PVH)"))
            }
            try FileManager.default.moveItem(atPath: output, toPath: path)
            return .success(path)
        } catch {
            if FileManager.default.fileExists(atPath: path) { return .success(path) }
            return .failure(SandboxError("cannot unpack \(kernel.image) into \(cacheDirectory): \(error.localizedDescription)"))
        }
    }

    /// The compressed kernel inside a bzImage, located by the setup header (Linux boot protocol).
    static func payload(of image: [UInt8]) -> ArraySlice<UInt8>? {
        func u(_ off: Int, _ n: Int) -> Int { (0..<n).reduce(0) { $0 | Int(image[off + $1]) << (8 * $1) } }
        guard image.count > 0x250, image[0x202..<0x206].elementsEqual(Array("HdrS".utf8)),
              u(0x206, 2) >= 0x208 else { return nil }
        let setupSectors = image[0x1f1] == 0 ? 4 : Int(image[0x1f1])
        let start = (setupSectors + 1) * 512 + u(0x248, 4)
        let end = start + u(0x24c, 4)
        guard end <= image.count, start < end else { return nil }
        return image[start..<end]
    }
}
