import Foundation
import XCTest

/// Issue 4's acceptance: viornd and virtio from a NetBSD tree, unmodified, built by `nbshim build`
/// and run by `nbshim attach` on QEMU's virtio-rng-pci in a guest. Needs NETBSD_SRC (CI has no
/// tree and skips). One guest runs Tests/sandbox/viornd-checks.sh.
final class ViorndAcceptanceTests: XCTestCase {
    nonisolated(unsafe) private static var cached: Result<[String: GuestAcceptanceTests.Check], Error>?

    private func check(_ name: String) throws -> GuestAcceptanceTests.Check {
        if Self.cached == nil { Self.cached = Result { try Self.bootGuest() } }
        let all = try Self.cached!.get()
        return try XCTUnwrap(all[name], "the guest printed no check '\(name)'")
    }

    private static func bootGuest() throws -> [String: GuestAcceptanceTests.Check] {
        guard let src = ProcessInfo.processInfo.environment["NETBSD_SRC"], !src.isEmpty else {
            throw XCTSkip("NETBSD_SRC is not set: viornd is built from a NetBSD tree (the kernel-src branch of rumpkernel/src-netbsd)")
        }
        let testBinary = URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL
        let nbshim = testBinary.deletingLastPathComponent().appendingPathComponent("nbshim")
        guard FileManager.default.isExecutableFile(atPath: nbshim.path) else {
            throw XCTSkip("\(nbshim.path) is not built: run `swift build --build-tests` first")
        }
        guard FileManager.default.fileExists(atPath: "/usr/bin/qemu-system-x86_64") else {
            throw XCTSkip("QEMU is missing: scripts/deps installs it (apt-get install -y qemu-system-x86 linux-image-amd64 busybox-static)")
        }
        let package = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../..").standardizedFileURL
        let module = testBinary.deletingLastPathComponent().appendingPathComponent("viornd.so").path
        let build = try run(nbshim, ["build", "--netbsd-src", src, "--config", package.path + "/Drivers/viornd.conf", "-o", module])
        print(build.output)
        guard build.status == 0 else { throw GuestAcceptanceTests.GuestFailure(description: "nbshim build of viornd failed; output above") }
        guard build.output.contains("porting report: every kernel symbol the module uses is exported by the host") else {
            throw GuestAcceptanceTests.GuestFailure(description: "viornd's porting report is not empty; output above")
        }
        let script = package.appendingPathComponent("Tests/sandbox/viornd-checks.sh").path
        let guest = try run(nbshim, ["sandbox", "--device", "virtio-rng-pci", "--", "sh", script], env: ["NBSHIM_TEST_MODULE": module])
        print(guest.output)
        guard guest.status == 0 else {
            throw GuestAcceptanceTests.GuestFailure(description: "nbshim sandbox exited \(guest.status); transcript above")
        }
        return GuestAcceptanceTests.parse(guest.output)
    }

    private static func run(_ exe: URL, _ args: [String], env: [String: String] = [:]) throws -> (status: Int32, output: String) {
        let p = Process()
        p.executableURL = exe
        p.arguments = args
        p.environment = ProcessInfo.processInfo.environment.merging(env) { _, new in new }
        let pipe = Pipe()
        p.standardOutput = pipe
        p.standardError = pipe
        try p.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    func testAttachLinesForVirtioAndViornd() throws {
        let c = try check("attach-sigterm")
        var rest = c.output[...]
        for pattern in [#"virtio0 at pci0 dev [0-9]+ function 0\n"#,
                        #"virtio0: Virtio Entropy Device \(rev\. 0x00\)\n"#,
                        #"viornd0 at virtio0: Features: 0x[0-9a-f]+"#,
                        #"virtio0: interrupting at uio[0-9]+ intx\n"#] {
            let r = rest.range(of: pattern, options: .regularExpression)
            XCTAssertNotNil(r, "no /\(pattern)/ in order in:\n\(c.output)")
            if let r { rest = rest[r.upperBound...] }
        }
    }

    func testEntropyCountGrows() throws {
        let c = try check("attach-sigterm")
        let counts = c.output.split(separator: "\n").compactMap { line -> Int? in
            guard line.hasPrefix("rnd: viornd0 (rng): ") else { return nil }
            return Int(line.dropFirst("rnd: viornd0 (rng): ".count).split(separator: " ")[0])
        }
        XCTAssertGreaterThanOrEqual(counts.count, 4, c.output)
        XCTAssertEqual(counts, counts.sorted(), "counts never go down: \(counts)")
        XCTAssertGreaterThan(counts.last ?? 0, counts.first ?? 0, "the byte count grows: \(counts)")
    }

    func testSigtermDetachesCleanlyAndGivesTheDeviceBack() throws {
        let c = try check("attach-sigterm")
        XCTAssertEqual(c.status, 0, c.output)
        XCTAssertTrue(c.output.contains("viornd0: no detach function; quiesced at exit\n"), c.output)
        XCTAssertNotNil(c.output.range(of: #"[0-9a-f:.]+: taken from its driver: bus mastering and decoding off"#,
                                       options: .regularExpression), c.output)
        XCTAssertFalse(c.output.contains("Error"), c.output)
        XCTAssertEqual(try check("driver-after").output, try check("driver-before").output,
                       "the function is back on its original driver")
    }
}
