import Foundation

/// Finding what a build needs on this machine: the compiler, the shim's headers, the host binary.
public enum Toolchain {
    /// The Swift toolchain's clang (beside `swift` on PATH, or /opt/swift), else clang on PATH.
    public static func clang() throws -> String {
        let fm = FileManager.default
        var candidates: [String] = []
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
            candidates.append("\(dir)/clang")
        }
        if let swift = candidates.map({ ($0 as NSString).deletingLastPathComponent + "/swift" }).first(where: fm.isExecutableFile) {
            candidates.insert((swift as NSString).deletingLastPathComponent + "/clang", at: 0)
        }
        candidates.insert("/opt/swift/usr/bin/clang", at: 1)
        guard let found = candidates.first(where: fm.isExecutableFile) else {
            throw BuildError("no clang found (looked beside swift, in /opt/swift/usr/bin and on PATH)", .tools, fix: "pass --cc PATH")
        }
        return found
    }

    /// The running executable.
    public static func selfExecutable() -> String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    }

    /// The shim's kernel headers: CNetBSDShim/include/kernel in a directory above the executable
    /// (a package build), or share/nbshim/include/kernel beside its bin/ (an installation).
    public static func shimInclude(near exe: String) throws -> String {
        var dir = (exe as NSString).deletingLastPathComponent
        while dir != "/" && !dir.isEmpty {
            for rel in ["CNetBSDShim/include/kernel", "share/nbshim/include/kernel"] {
                let p = dir + "/" + rel
                if FileManager.default.fileExists(atPath: p + "/sys/device.h") { return p }
            }
            dir = (dir as NSString).deletingLastPathComponent
        }
        throw BuildError("the shim's kernel headers are not above \(exe)", .tools, fix: "pass --shim-include DIR (CNetBSDShim/include/kernel)")
    }
}
