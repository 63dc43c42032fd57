import Foundation

/// The Linux kernel the guest boots: an image in /boot whose modules are in /lib/modules/VERSION.
/// The guest reaches the host's module tree through its root filesystem, so the two must match.
public struct GuestKernel: Sendable, Equatable {
    public var image: String
    public var version: String
    public var modulesDirectory: String

    /// `NBSHIM_KERNEL` (a vmlinuz-VERSION path) when set, else the newest /boot/vmlinuz-VERSION
    /// that has /lib/modules/VERSION.
    public static func find(override: String? = ProcessInfo.processInfo.environment["NBSHIM_KERNEL"],
                            boot: String = "/boot", modules: String = "/lib/modules") throws -> GuestKernel {
        let fm = FileManager.default
        if let path = override, !path.isEmpty {
            let name = (path as NSString).lastPathComponent
            guard name.hasPrefix("vmlinuz-") else {
                throw SandboxError("NBSHIM_KERNEL=\(path): name it vmlinuz-VERSION so its modules in \(modules)/VERSION can be found")
            }
            let version = String(name.dropFirst("vmlinuz-".count))
            guard fm.fileExists(atPath: path) else { throw SandboxError("NBSHIM_KERNEL=\(path) does not exist") }
            guard fm.fileExists(atPath: "\(modules)/\(version)/modules.dep") else {
                throw SandboxError("NBSHIM_KERNEL=\(path): \(modules)/\(version)/modules.dep is missing; the guest loads that kernel's modules from there")
            }
            return try readable(GuestKernel(image: path, version: version, modulesDirectory: "\(modules)/\(version)"))
        }
        let versions = ((try? fm.contentsOfDirectory(atPath: boot)) ?? [])
            .filter { $0.hasPrefix("vmlinuz-") }
            .map { String($0.dropFirst("vmlinuz-".count)) }
            .filter { fm.fileExists(atPath: "\(modules)/\($0)/modules.dep") }
            .sorted(by: versionPrecedes)
        guard let newest = versions.last else {
            throw SandboxError("no Linux kernel in \(boot) with modules in \(modules) (or set NBSHIM_KERNEL); install one: \(SandboxError.installCommand)")
        }
        return try readable(GuestKernel(image: "\(boot)/vmlinuz-\(newest)", version: newest,
                                        modulesDirectory: "\(modules)/\(newest)"))
    }

    private static func readable(_ k: GuestKernel) throws -> GuestKernel {
        guard access(k.image, R_OK) == 0 else {
            throw SandboxError("cannot read \(k.image): run as root or make it readable (chmod 644 \(k.image))")
        }
        return k
    }

    /// "6.1.0-9-amd64" < "6.1.0-56-amd64": digit runs compare as numbers, the rest as text.
    static func versionPrecedes(_ a: String, _ b: String) -> Bool {
        func parts(_ s: String) -> [String] {
            var out: [String] = []
            for c in s {
                if let last = out.last, last.first!.isNumber == c.isNumber { out[out.count - 1].append(c) }
                else { out.append(String(c)) }
            }
            return out
        }
        for (x, y) in zip(parts(a), parts(b)) where x != y {
            if let m = Int(x), let n = Int(y) { return m < n }
            return x < y
        }
        return parts(a).count < parts(b).count
    }

    /// Module files that must be loaded, dependencies first, for `names` to be usable.
    /// Modules built into the kernel (modules.builtin) need no file and are left out.
    public func moduleFiles(for names: [String]) throws -> [String] {
        let dep = try String(contentsOfFile: "\(modulesDirectory)/modules.dep", encoding: .utf8)
        var deps: [String: (path: String, deps: [String])] = [:]
        for line in dep.split(separator: "\n") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let path = String(line[..<colon])
            let needs = line[line.index(after: colon)...].split(separator: " ").map { Self.moduleName(String($0)) }
            deps[Self.moduleName(path)] = (path, needs)
        }
        let builtinText = (try? String(contentsOfFile: "\(modulesDirectory)/modules.builtin", encoding: .utf8)) ?? ""
        let builtin = Set(builtinText.split(separator: "\n").map { Self.moduleName(String($0)) })

        var order: [String] = []
        var seen: Set<String> = []
        func visit(_ name: String) throws {
            let n = Self.moduleName(name)
            if seen.contains(n) || builtin.contains(n) { return }
            seen.insert(n)
            guard let entry = deps[n] else {
                throw SandboxError("kernel \(version) has no module \(n) (the guest needs it to mount the host's root over 9p)")
            }
            for d in entry.deps { try visit(d) }
            order.append(entry.path.hasPrefix("/") ? entry.path : "\(modulesDirectory)/\(entry.path)")
        }
        for n in names { try visit(n) }
        return order
    }

    /// "kernel/net/9p/9pnet_virtio.ko.xz" -> "9pnet_virtio"; modprobe treats - and _ alike.
    static func moduleName(_ path: String) -> String {
        var base = Substring((path as NSString).lastPathComponent)
        if let r = base.range(of: ".ko") { base = base[..<r.lowerBound] }
        return base.replacingOccurrences(of: "-", with: "_")
    }
}
