import Foundation
import NBSystem
import SystemPackage

/// Boots a throwaway guest for one command and returns the command's exit status.
public struct SandboxRunner {
    public var configuration: SandboxConfiguration
    public var cacheDirectory: String
    /// Where remarks that are not errors go (a slower boot and why); stderr by default.
    public var notice: (String) -> Void = { FileHandle.standardError.write(Data("nbshim sandbox: \($0)\n".utf8)) }

    /// The boot part of the guest's initramfs is cached in `cacheDirectory`, by default
    /// $XDG_CACHE_HOME/nbshim or ~/.cache/nbshim.
    public init(_ configuration: SandboxConfiguration, cacheDirectory: String? = nil) {
        self.configuration = configuration
        self.cacheDirectory = cacheDirectory ?? Initramfs.defaultCacheDirectory()
    }

    /// Streams the command's output to `output` as the guest prints it. Throws `SandboxError` when
    /// the guest cannot be started, stops without reporting a status, times out or is interrupted.
    public func run(output: ([UInt8]) -> Void) throws -> Int32 {
        do {
            return try boot(output: output)
        } catch is BootStall {
            // TCG sometimes wedges a vCPU while Linux brings it up; a second boot does not.
            notice("the guest kernel stalled while booting (a TCG vCPU bring-up hang); booting it again")
            return try boot(output: output)
        }
    }

    /// Linux's RCU stall report early in boot: the guest will not get to the command.
    private struct BootStall: Error {}
    private static let stallReport = Array("detected stalls on CPUs".utf8)
    private static let bootWindow: TimeInterval = 120

    private func boot(output: ([UInt8]) -> Void) throws -> Int32 {
        let c = configuration
        try c.validate()
        let tools = try HostTools.find()
        let kernel = try GuestKernel.find()
        let bootKernel: String
        switch UncompressedKernel.path(for: kernel, cacheDirectory: cacheDirectory) {
        case .success(let vmlinux): bootKernel = vmlinux
        case .failure(let why):
            bootKernel = kernel.image
            notice("booting the compressed kernel, about 8 s slower: \(why.message)")
        }
        let boot = try Initramfs.bootArchive(kernel: kernel, busybox: tools.busybox, cacheDirectory: cacheDirectory)

        let marker = ExitMarkerScanner.randomMarker()
        let script = GuestInit.commandScript(argv: c.command, directory: c.workingDirectory, environment: c.environment)
        let work = try TemporaryDirectory()
        defer { work.remove() }
        let initrd = work.path + "/initrd.cpio"
        guard var image = FileManager.default.contents(atPath: boot) else {
            throw SandboxError("cannot read \(boot); delete it and run again")
        }
        image.append(contentsOf: Initramfs.runArchive(commandScript: script, marker: marker))
        guard FileManager.default.createFile(atPath: initrd, contents: image) else {
            throw SandboxError("cannot write \(initrd)")
        }

        let qemu = try QEMUProcess(executable: tools.qemu,
                                   arguments: QEMUCommandLine.arguments(c, kernel: bootKernel, initrd: initrd,
                                                                                monitorSocket: work.path + "/monitor.sock"))
        var scanner = ExitMarkerScanner(marker: marker)
        let timeLimit = Date(timeIntervalSinceNow: c.timeout)
        var poweroffLimit: Date?
        let bootEnd = Date(timeIntervalSinceNow: Self.bootWindow)
        var recent: [UInt8] = [], stalled = false
        let ending = try qemu.stream(until: { poweroffLimit ?? timeLimit }) { chunk in
            if !stalled && Date() < bootEnd {
                recent = Array((recent + chunk).suffix(Self.stallReport.count + 4096))
                if recent.firstRange(of: Self.stallReport) != nil {
                    stalled = true
                    poweroffLimit = Date()
                }
            }
            let out = scanner.feed(chunk)
            if !out.isEmpty { output(out) }
            // Once the status is in, the guest only has to power off; don't wait long for that.
            if scanner.status != nil && poweroffLimit == nil { poweroffLimit = min(timeLimit, Date(timeIntervalSinceNow: 30)) }
        }
        let rest = scanner.finish()
        if !rest.isEmpty { output(rest) }
        if let status = scanner.status { return status }
        if stalled { throw BootStall() }

        switch ending {
        case .timedOut:
            throw SandboxError("the command did not finish within \(Int(c.timeout)) s; QEMU was killed (raise --timeout)", exitCode: 124)
        case .interrupted(let sig):
            throw SandboxError("interrupted by signal \(sig); QEMU was killed", exitCode: 128 + sig)
        case .exited(let w):
            if scanner.malformed {
                throw SandboxError("the guest printed its exit marker without a status; see the output above")
            }
            let code = (w & 0x7f) == 0 ? (w >> 8) & 0xff : 128 + (w & 0x7f)
            if code != 0 {
                throw SandboxError("QEMU failed (exit status \(code)) before the command finished; its message is above")
            }
            throw SandboxError("the guest stopped before the command reported an exit status (kernel panic or init failure; see the console output above)")
        }
    }
}

/// A private directory for one run's files, removed afterwards.
struct TemporaryDirectory {
    let path: String

    init() throws {
        var template = Array((NSTemporaryDirectory() + "/nbshim-sandbox-XXXXXX").utf8CString)
        guard let p = mkdtemp(&template) else {
            throw SandboxError("cannot create a temporary directory in \(NSTemporaryDirectory())", errno: .last)
        }
        path = String(cString: p)
    }

    func remove() { try? FileManager.default.removeItem(atPath: path) }
}
