import Foundation
import XCTest
@testable import NBSandbox

final class QEMUCommandLineTests: XCTestCase {
    private func config(_ devices: [String], iommu: Bool = false, memory: String = "2G") -> SandboxConfiguration {
        var c = SandboxConfiguration(command: ["true"], workingDirectory: "/", pathPrefix: [], hostEnvironment: [:])
        c.devices = devices
        c.iommu = iommu
        c.memory = memory
        return c
    }

    private func values(of option: String, in args: [String]) -> [String] {
        args.indices.dropLast().filter { args[$0] == option }.map { args[$0 + 1] }
    }

    func testDevicesFollowTheHostRootInTheOrderGiven() {
        let args = QEMUCommandLine.arguments(config(["e1000", "edu", "virtio-net-pci,disable-legacy=off"]),
                                             kernel: "/k", initrd: "/i", monitorSocket: "/run/m.sock")
        XCTAssertEqual(values(of: "-device", in: args),
                       ["virtio-9p-pci,fsdev=hostroot,mount_tag=hostroot", "e1000", "edu",
                        "virtio-net-pci,disable-legacy=off"])
        XCTAssertEqual(values(of: "-accel", in: args), ["tcg"])
        XCTAssertEqual(values(of: "-m", in: args), ["2G"])
        XCTAssertEqual(values(of: "-kernel", in: args), ["/k"])
        XCTAssertEqual(values(of: "-initrd", in: args), ["/i"])
        XCTAssertEqual(values(of: "-monitor", in: args), ["none"])
        XCTAssertTrue(values(of: "-fsdev", in: args)[0].contains("path=/,"))
        XCTAssertTrue(values(of: "-fsdev", in: args)[0].contains("readonly=on"))
        XCTAssertTrue(values(of: "-machine", in: args).isEmpty, "i440fx unless --iommu")
        let append = values(of: "-append", in: args).joined()
        XCTAssertTrue(append.contains("console=ttyS0"))
        XCTAssertTrue(append.contains("hugepages=64"))
        XCTAssertFalse(append.contains("intel_iommu"))
    }

    func testIOMMUPutsQ35AndIntelIOMMUBeforeEveryDevice() {
        let args = QEMUCommandLine.arguments(config(["edu"], iommu: true, memory: "1536M"),
                                             kernel: "/k", initrd: "/i", monitorSocket: "/run/m.sock")
        XCTAssertEqual(values(of: "-machine", in: args), ["q35,kernel-irqchip=split"])
        XCTAssertEqual(values(of: "-device", in: args).first, "intel-iommu,intremap=on")
        XCTAssertEqual(values(of: "-device", in: args).last, "edu")
        XCTAssertEqual(values(of: "-m", in: args), ["1536M"])
        XCTAssertTrue(values(of: "-append", in: args).joined().split(separator: " ").contains("intel_iommu=on"))
    }

    func testNetdevsComeBeforeTheNICsThatNameThem() throws {
        var c = config(["rtl8139,netdev=n0", "rtl8139,netdev=n1"])
        c.netdevs = ["hubport,id=n0,hubid=0", "hubport,id=n1,hubid=0"]
        XCTAssertNoThrow(try c.validate())
        let args = QEMUCommandLine.arguments(c, kernel: "/k", initrd: "/i", monitorSocket: "/run/m.sock")
        XCTAssertEqual(values(of: "-netdev", in: args), c.netdevs)
        let lastNetdev = try XCTUnwrap(args.lastIndex(of: "-netdev"))
        XCTAssertLessThan(lastNetdev, try XCTUnwrap(args.firstIndex(of: "rtl8139,netdev=n0")))
        c.netdevs = ["hubport,hubid=0"]
        XCTAssertThrowsError(try c.validate()) { e in XCTAssertTrue("\(e)".contains("with an id"), "\(e)") }
    }

    func testMonitorPortJoinsTheMonitorToAVirtioSerialPortAfterEveryDevice() throws {
        var c = config(["rtl8139,netdev=n0"])
        c.netdevs = ["hubport,id=n0,hubid=0"]
        let without = QEMUCommandLine.arguments(c, kernel: "/k", initrd: "/i", monitorSocket: "/run/m.sock")
        XCTAssertTrue(values(of: "-chardev", in: without).allSatisfy { $0.hasPrefix("stdio,") }, "\(without)")
        XCTAssertTrue(values(of: "-mon", in: without).isEmpty)
        XCTAssertFalse(without.contains { $0.contains("virtio-serial") || $0.contains("m.sock") })

        c.monitorPort = true
        let args = QEMUCommandLine.arguments(c, kernel: "/k", initrd: "/i", monitorSocket: "/run/m.sock")
        XCTAssertEqual(values(of: "-device", in: args),
                       ["virtio-9p-pci,fsdev=hostroot,mount_tag=hostroot", "rtl8139,netdev=n0", "virtio-serial-pci",
                        "virtserialport,chardev=monitorport,name=org.nbshim.monitor"])
        XCTAssertEqual(values(of: "-chardev", in: args),
                       ["stdio,id=console,signal=off", "socket,id=monitor,path=/run/m.sock,server=on,wait=off",
                        "socket,id=monitorport,path=/run/m.sock"])
        XCTAssertEqual(values(of: "-mon", in: args), ["chardev=monitor,mode=readline"])
        // The listening end exists before the port's end connects to it, and QEMU resolves both
        // chardevs before the devices that name them.
        let listen = try XCTUnwrap(args.firstIndex(of: "socket,id=monitor,path=/run/m.sock,server=on,wait=off"))
        let connect = try XCTUnwrap(args.firstIndex(of: "socket,id=monitorport,path=/run/m.sock"))
        XCTAssertLessThan(listen, connect)
        XCTAssertLessThan(connect, try XCTUnwrap(args.firstIndex(of: "virtio-serial-pci")))
        XCTAssertEqual(values(of: "-monitor", in: args), ["none"], "no monitor on QEMU's stdout, which carries the console")
        XCTAssertEqual(without, Array(args.prefix(without.count)), "the option only appends")
    }

    func testMemorySizesAndValidation() throws {
        XCTAssertEqual(config([], memory: "2G").memoryMiB, 2048)
        XCTAssertEqual(config([], memory: "1536M").memoryMiB, 1536)
        XCTAssertEqual(config([], memory: "512").memoryMiB, 512)
        XCTAssertNil(config([], memory: "2GB").memoryMiB)
        XCTAssertNil(config([], memory: "lots").memoryMiB)
        XCTAssertNoThrow(try config(["edu"], memory: "1G").validate())
        XCTAssertThrowsError(try config([], memory: "300M").validate()) { e in
            XCTAssertTrue("\(e)".contains("use at least 384M"), "\(e)")
        }
        XCTAssertThrowsError(try config(["-device"]).validate())
        var noCommand = config([])
        noCommand.command = []
        XCTAssertThrowsError(try noCommand.validate()) { e in XCTAssertTrue("\(e)".contains("after --"), "\(e)") }
    }

    func testEnvironmentPutsPrefixFirstAndPassesOnlyNBSHIMVariables() {
        let c = SandboxConfiguration(command: ["x"], workingDirectory: "/w", pathPrefix: ["/build/debug"],
                                     hostEnvironment: ["PATH": "/usr/bin:/bin", "NBSHIM_B": "2", "NBSHIM_A": "1",
                                                       "SECRET": "no", "TERM": "xterm"])
        XCTAssertEqual(c.environment.map { "\($0.0)=\($0.1)" },
                       ["PATH=/build/debug:/usr/bin:/bin", "HOME=/root", "TERM=xterm", "NBSHIM_A=1", "NBSHIM_B=2"])
    }
}

final class GuestScriptTests: XCTestCase {
    /// The command script must hand the guest's exec the same argv the user typed, quotes and all.
    func testCommandScriptKeepsArgvExactly() throws {
        let argv = ["printf", "[%s]\\n", "two words", "it's", "$HOME", "*", "a\"b"]
        let script = GuestInit.commandScript(argv: argv, directory: "/tmp",
                                             environment: [("PATH", "/usr/bin:/bin"), ("NBSHIM_X", "x y")])
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/sh")
        p.arguments = ["-c", script]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        XCTAssertEqual(p.terminationStatus, 0)
        XCTAssertEqual(text, "[two words]\n[it's]\n[$HOME]\n[*]\n[a\"b]\n")
        XCTAssertTrue(script.contains("export NBSHIM_X='x y'"), script)
        XCTAssertTrue(script.contains("cd '/tmp' || exit 125"), script)
    }

    func testInitRunsTheCommandAndPrintsTheMarkerWithItsStatus() {
        let s = GuestInit.script
        XCTAssertTrue(s.hasPrefix("#!/bin/busybox sh\n"))
        let run = try! XCTUnwrap(s.range(of: "/bin/sh /run/nbshim/command"))
        let marker = try! XCTUnwrap(s.range(of: "$(cat /nbshim/marker) $status"))
        XCTAssertLessThan(run.lowerBound, marker.lowerBound)
        XCTAssertTrue(s.contains("poweroff -f"))
    }
}

final class CPIOArchiveTests: XCTestCase {
    func testArchiveListsBackWithBusybox() throws {
        guard FileManager.default.isExecutableFile(atPath: "/bin/busybox") else {
            throw XCTSkip("busybox is missing: apt-get install -y busybox-static")
        }
        var a = CPIOArchive()
        a.addDirectory("/bin")
        a.addFile("bin/hello", contents: Array("hello\n".utf8), permissions: 0o755)
        a.addFile("odd-size", contents: [1, 2, 3])
        a.addSymlink("bin/sh", target: "busybox")
        a.addCharacterDevice("dev/console", major: 5, minor: 1)
        let bytes = a.finish()
        XCTAssertEqual(bytes.count % 4, 0)
        XCTAssertEqual(a.finish(), bytes, "finishing twice adds no second trailer")

        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cpio-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("a.cpio")
        try Data(bytes).write(to: file)

        let listing = try busybox(["cpio", "-tv"], stdin: file)
        let lines = listing.split(separator: "\n").map(String.init)
        func line(_ name: String) -> String? { lines.first { $0.hasSuffix(" " + name) || $0.contains(" \(name) -> ") } }
        XCTAssertTrue(line("bin")?.hasPrefix("drwxr-xr-x") ?? false, listing)
        XCTAssertTrue(line("bin/hello")?.hasPrefix("-rwxr-xr-x") ?? false, listing)
        XCTAssertTrue(line("bin/sh")?.hasSuffix("bin/sh -> busybox") ?? false, listing)
        XCTAssertTrue(line("dev/console")?.hasPrefix("crw-------") ?? false, listing)
        XCTAssertNotNil(line("odd-size"), listing)

        // Unpack the regular files and compare contents.
        let out = dir.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        _ = try busybox(["cpio", "-id", "bin/hello", "odd-size"], stdin: file, in: out)
        XCTAssertEqual(try String(contentsOf: out.appendingPathComponent("bin/hello"), encoding: .utf8), "hello\n")
        XCTAssertEqual([UInt8](try Data(contentsOf: out.appendingPathComponent("odd-size"))), [1, 2, 3])
    }

    func testConcatenatedArchivesBothUnpack() throws {
        var first = CPIOArchive()
        first.addFile("one", contents: Array("1".utf8))
        var second = CPIOArchive()
        second.addFile("two", contents: Array("22".utf8))
        // Headers stay 4-byte aligned across the join, as the kernel's unpacker requires.
        let joined = first.finish() + second.finish()
        XCTAssertEqual(first.finish().count % 4, 0)
        let text = String(decoding: joined, as: UTF8.self)
        XCTAssertEqual(text.components(separatedBy: "TRAILER!!!").count, 3)
        XCTAssertTrue(joined.starts(with: Array("070701".utf8)))
        XCTAssertEqual(Array(joined[first.finish().count..<(first.finish().count + 6)]), Array("070701".utf8))
    }

    private func busybox(_ args: [String], stdin: URL, in directory: URL? = nil) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/busybox")
        p.arguments = args
        p.standardInput = try FileHandle(forReadingFrom: stdin)
        if let directory { p.currentDirectoryURL = directory }
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle(forWritingAtPath: "/dev/null")
        try p.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        XCTAssertEqual(p.terminationStatus, 0, "busybox \(args)")
        return text
    }
}

final class ExitMarkerTests: XCTestCase {
    private func run(_ chunks: [String], marker: String = "MARK") -> (String, ExitMarkerScanner) {
        var s = ExitMarkerScanner(marker: marker)
        var out: [UInt8] = []
        for c in chunks { out += s.feed(Array(c.utf8)) }
        out += s.finish()
        return (String(decoding: out, as: UTF8.self), s)
    }

    func testMarkerSplitAcrossChunksIsStrippedAndStatusParsed() {
        let (out, s) = run(["hello\nMA", "RK 3", "\r\n[ 1.0] reboot: Power down\n"])
        XCTAssertEqual(out, "hello\n")
        XCTAssertEqual(s.status, 3)
    }

    func testOutputWithoutFinalNewlineKeepsItsBytes() {
        let (out, s) = run(["no newline", "MARK 0\n"])
        XCTAssertEqual(out, "no newline")
        XCTAssertEqual(s.status, 0)
    }

    func testPartialMarkerThatIsNotTheMarkerIsOutput() {
        let (out, s) = run(["a MA", "Y b\nMA"])
        XCTAssertEqual(out, "a MAY b\nMA")
        XCTAssertNil(s.status, "the stream ended without a marker")
    }

    func testMalformedStatusIsReported() {
        let (_, s) = run(["MARK oops\n"])
        XCTAssertNil(s.status)
        XCTAssertTrue(s.malformed)
    }

    func testOutputPassesThroughBeforeTheMarkerArrives() {
        var s = ExitMarkerScanner(marker: "MARK")
        XCTAssertEqual(s.feed(Array("line 1\n".utf8)), Array("line 1\n".utf8), "nothing is held back needlessly")
        XCTAssertEqual(s.feed(Array("xM".utf8)), Array("x".utf8))
        XCTAssertEqual(s.feed(Array("ARK 255\n".utf8)), [])
        XCTAssertEqual(s.status, 255)
    }

    func testRandomMarkersDiffer() {
        XCTAssertNotEqual(ExitMarkerScanner.randomMarker(), ExitMarkerScanner.randomMarker())
    }
}

final class GuestKernelTests: XCTestCase {
    private var root: URL!

    override func setUpWithError() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("kernels-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("boot"), withIntermediateDirectories: true)
    }

    override func tearDown() { try? FileManager.default.removeItem(at: root) }

    private func install(_ version: String, modules: Bool, dep: String = "", builtin: String = "") throws {
        try Data("kernel".utf8).write(to: root.appendingPathComponent("boot/vmlinuz-\(version)"))
        guard modules else { return }
        let m = root.appendingPathComponent("lib/modules/\(version)")
        try FileManager.default.createDirectory(at: m, withIntermediateDirectories: true)
        try Data(dep.utf8).write(to: m.appendingPathComponent("modules.dep"))
        try Data(builtin.utf8).write(to: m.appendingPathComponent("modules.builtin"))
    }

    private func find(override: String? = nil) throws -> GuestKernel {
        try GuestKernel.find(override: override, boot: root.path + "/boot", modules: root.path + "/lib/modules")
    }

    func testNewestKernelWithModulesWins() throws {
        try install("6.1.0-9-amd64", modules: true)
        try install("6.1.0-56-amd64", modules: true)
        try install("7.0.0-1-amd64", modules: false)
        let k = try find()
        XCTAssertEqual(k.version, "6.1.0-56-amd64")
        XCTAssertEqual(k.image, root.path + "/boot/vmlinuz-6.1.0-56-amd64")
        XCTAssertEqual(try find(override: root.path + "/boot/vmlinuz-6.1.0-9-amd64").version, "6.1.0-9-amd64")
        XCTAssertThrowsError(try find(override: root.path + "/boot/vmlinuz-7.0.0-1-amd64")) { e in
            XCTAssertTrue("\(e)".contains("modules.dep is missing"), "\(e)")
        }
    }

    func testNoKernelNamesTheAptGetCommand() throws {
        XCTAssertThrowsError(try find()) { e in
            XCTAssertTrue("\(e)".contains("apt-get install -y qemu-system-x86 linux-image-amd64 busybox-static"), "\(e)")
            XCTAssertFalse("\(e)".contains("\n"))
        }
    }

    func testModuleFilesComeDependenciesFirstWithoutBuiltins() throws {
        try install("6.1.0-1-amd64", modules: true, dep: """
            kernel/fs/9p/9p.ko: kernel/fs/netfs/netfs.ko kernel/net/9p/9pnet.ko
            kernel/net/9p/9pnet.ko:
            kernel/fs/netfs/netfs.ko: kernel/fs/fscache/fscache.ko
            kernel/fs/fscache/fscache.ko:
            kernel/net/9p/9pnet_virtio.ko.xz: kernel/net/9p/9pnet.ko kernel/drivers/virtio/virtio_ring.ko
            kernel/drivers/virtio/virtio_ring.ko:

            """, builtin: "kernel/drivers/virtio/virtio_ring.ko\n")
        let k = try find()
        let files = try k.moduleFiles(for: ["9p", "9pnet-virtio"]).map { String($0.dropFirst(k.modulesDirectory.count + 1)) }
        XCTAssertEqual(files, ["kernel/fs/fscache/fscache.ko", "kernel/fs/netfs/netfs.ko", "kernel/net/9p/9pnet.ko",
                               "kernel/fs/9p/9p.ko", "kernel/net/9p/9pnet_virtio.ko.xz"])
        XCTAssertThrowsError(try k.moduleFiles(for: ["overlay"])) { e in
            XCTAssertTrue("\(e)".contains("no module overlay"), "\(e)")
        }
    }

    func testBzImagePayloadIsFoundThroughTheSetupHeader() {
        var image = [UInt8](repeating: 0, count: 4096)
        image[0x1f1] = 1  // one setup sector: protected-mode code starts at 2 * 512
        image.replaceSubrange(0x202..<0x206, with: Array("HdrS".utf8))
        image[0x206] = 0x0f; image[0x207] = 0x02  // protocol 2.15
        image[0x248] = 0x10  // payload offset 16
        image[0x24c] = 4     // payload length 4
        image.replaceSubrange(1040..<1044, with: [0xfd, 0x37, 0x7a, 0x58])
        XCTAssertEqual(UncompressedKernel.payload(of: image).map(Array.init), [0xfd, 0x37, 0x7a, 0x58])
        image[0x202] = 0
        XCTAssertNil(UncompressedKernel.payload(of: image), "not a bzImage")
    }

    func testStaticBusyboxIsTold() throws {
        guard FileManager.default.fileExists(atPath: "/bin/busybox") else { throw XCTSkip("busybox is missing") }
        XCTAssertTrue(ELFFile.isStatic("/bin/busybox"))
        XCTAssertFalse(ELFFile.isStatic("/bin/sh"), "dash is dynamically linked")
        XCTAssertFalse(ELFFile.isStatic("/etc/passwd"))
    }
}

/// Boots a real guest: QEMU (TCG), Debian's kernel, the edu device.
final class SandboxGuestTests: XCTestCase {
    func testCommandOutputIsStreamedAndItsStatusComesBack() throws {
        do {
            _ = try HostTools.find()
            _ = try GuestKernel.find()
        } catch let e as SandboxError {
            throw XCTSkip("no QEMU guest on this machine: \(e.message)")
        }
        var c = SandboxConfiguration(
            command: ["sh", "-c", "lspci -n -d 1234:11e8; echo \"streamed $NBSHIM_PROBE\"; exit 3"],
            pathPrefix: [],
            hostEnvironment: ["PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "NBSHIM_PROBE": "value from the host"])
        c.devices = ["edu"]
        c.timeout = 600
        var chunks: [[UInt8]] = []
        let status = try SandboxRunner(c).run { chunks.append($0) }
        let text = String(decoding: chunks.joined(), as: UTF8.self)
        XCTAssertEqual(status, 3, text)
        XCTAssertNotNil(text.range(of: #"00:0[0-9a-f]\.0 00ff: 1234:11e8"#, options: .regularExpression), text)
        XCTAssertTrue(text.contains("streamed value from the host\n"), text)
        XCTAssertFalse(text.contains("NBSHIM-SANDBOX-EXIT"), "the marker is stripped: \(text)")
    }
}
