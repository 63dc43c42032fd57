import Foundation
import NBSystem
import SystemPackage

/// Where the kernel's interfaces are mounted. Tests point these at trees they build.
public struct HostPaths: Sendable {
    public var sys: String
    public var proc: String
    public var dev: String
    /// Runtime state (`/run`): nbshim keeps its records and device locks under run/nbshim (StateDirectory).
    public var run: String
    /// Kernel modules (`/lib/modules`), for modules.dep and modules.builtin.
    public var modules: String

    public init(sys: String = "/sys", proc: String = "/proc", dev: String = "/dev",
                run: String = "/run", modules: String = "/lib/modules") {
        self.sys = sys
        self.proc = proc
        self.dev = dev
        self.run = run
        self.modules = modules
    }

    public static let live = HostPaths()

    public var pciDevices: String { sys + "/bus/pci/devices" }
    public var pciDrivers: String { sys + "/bus/pci/drivers" }
    public func device(_ a: PCIAddress) -> String { pciDevices + "/\(a)" }
}

/// Small file helpers for sysfs and procfs: text trimmed of its newline, hex attributes, link targets.
public enum SysFile {
    public static func text(_ path: String) -> String? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// A sysfs attribute such as `vendor` (`0x8086`).
    public static func hex(_ path: String) -> UInt64? {
        guard var t = text(path) else { return nil }
        if t.hasPrefix("0x") { t.removeFirst(2) }
        return UInt64(t, radix: 16)
    }

    public static func bytes(_ path: String) -> [UInt8]? {
        FileManager.default.contents(atPath: path).map { [UInt8]($0) }
    }

    /// Last path component of a symlink's target (`driver` -> `e1000`), nil when there is no link.
    public static func linkName(_ path: String) -> String? {
        guard let dest = try? FileManager.default.destinationOfSymbolicLink(atPath: path) else { return nil }
        return (dest as NSString).lastPathComponent
    }

    /// Absolute, symlink-free path (sysfs device links resolve into /sys/devices/...).
    public static func resolved(_ path: String) -> String {
        URL(fileURLWithPath: path).resolvingSymlinksInPath().path
    }

    public static func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: path) }

    /// Writes a sysfs control file; the kernel's refusal comes back as errno text.
    public static func write(_ value: String, to path: String) throws {
        let fd = open(path, O_WRONLY)
        guard fd >= 0 else { throw PCIError("cannot open \(path)", errno: .last) }
        defer { close(fd) }
        let bytes = Array(value.utf8)
        let n = bytes.withUnsafeBytes { Foundation.write(fd, $0.baseAddress, $0.count) }
        guard n == bytes.count else {
            throw PCIError("writing '\(value)' to \(path) failed", errno: .last)
        }
    }
}
