import Foundation
import XCTest

/// Real NetBSD drivers against the shim's headers: with NETBSD_SRC naming a NetBSD source tree,
/// each file must pass `clang -fsyntax-only` with the kernel flags of Package.swift, the shim's
/// headers first and the tree's sys/ after them (for the data headers: pcireg.h, pcidevs.h, mii).
final class NetBSDTreeTests: XCTestCase {
    static let package = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../..").standardizedFileURL.path

    func testViornd() throws { try assertCompiles("sys/dev/pci/viornd.c") }
    func testVirtio() throws { try assertCompiles("sys/dev/pci/virtio.c") }
    func testIfWm() throws { try assertCompiles("sys/dev/pci/if_wm.c") }

    private func assertCompiles(_ file: String, line: UInt = #line) throws {
        guard let tree = ProcessInfo.processInfo.environment["NETBSD_SRC"], !tree.isEmpty else {
            throw XCTSkip("NETBSD_SRC is not set: point it at a NetBSD source tree (e.g. NETBSD_SRC=/work/netbsd-src) to compile \(file) against the shim's headers")
        }
        let source = tree + "/" + file
        guard FileManager.default.fileExists(atPath: source) else {
            throw XCTSkip("\(source) does not exist: NETBSD_SRC=\(tree) is not a NetBSD source tree with sys/")
        }
        let clang = try XCTUnwrap(Self.clang(), "clang not found on PATH (the Swift toolchain ships one)")
        let opt = try Self.optionHeaders(for: source, tree: tree)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: clang)
        p.arguments = Self.kernelFlags(tree: tree, optDir: opt) + ["-fsyntax-only", source]
        let pipe = Pipe()
        p.standardError = pipe
        p.standardOutput = pipe
        try p.run()
        let out = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        let errors = out.split(separator: "\n").filter { $0.contains("error:") }
        XCTAssertEqual(p.terminationStatus, 0,
                       "\(file): \(errors.count) errors, first ones:\n" + errors.prefix(15).joined(separator: "\n"),
                       line: line)
    }

    /// Package.swift's kernelCFlags, plus the tree's sys/ after the shim's headers.
    static func kernelFlags(tree: String, optDir: String) -> [String] {
        ["-D_KERNEL", "-D__NetBSD__", "-ffreestanding", "-nostdlibinc",
         "-I", package + "/CNetBSDShim/include/kernel", "-I", package + "/CNetBSDShim/include",
         "-I", tree + "/sys", "-I", optDir,
         "-U__linux__", "-U__gnu_linux__", "-Ulinux", "-fno-strict-aliasing", "-fno-common",
         "-Wall", "-Wno-unused-function", "-ferror-limit=0"]
    }

    /// config(1) generates an opt_*.h per kernel option; for a syntax check they are empty. Beside
    /// them, as `nbshim build` does, the tree's amd64 headers answer for machine/ and x86/ headers
    /// the shim lacks (this directory comes after the shim's).
    static func optionHeaders(for source: String, tree: String) throws -> String {
        let dir = NSTemporaryDirectory() + "nbshim-opt-\(getpid())"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        for (name, target) in ["machine": "arch/amd64/include", "x86": "arch/x86/include"] where
            (try? FileManager.default.destinationOfSymbolicLink(atPath: dir + "/" + name)) == nil {
            try FileManager.default.createSymbolicLink(atPath: dir + "/" + name, withDestinationPath: tree + "/sys/" + target)
        }
        let text = try String(contentsOfFile: source, encoding: .isoLatin1)
        for m in text.matches(of: try Regex(#"#include\s+"(opt_[A-Za-z0-9_]+\.h)""#)) {
            if let name = m.output[1].substring {
                _ = FileManager.default.createFile(atPath: dir + "/" + name, contents: Data())
            }
        }
        return dir
    }

    static func clang() -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin"
        return (path.split(separator: ":").map { $0 + "/clang" } + ["/usr/bin/clang"])
            .first(where: FileManager.default.isExecutableFile)
    }
}
