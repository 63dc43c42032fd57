import Foundation

/// One sandbox run: the guest's hardware and the command to run in it.
public struct SandboxConfiguration: Sendable {
    /// QEMU `-device` arguments, in order ("e1000", "edu", "virtio-net-pci,disable-legacy=off").
    public var devices: [String] = []
    /// QEMU `-netdev` arguments, given before the devices that name them ("hubport,id=n0,hubid=0"
    /// with "--device rtl8139,netdev=n0": NICs on one hub see each other's frames).
    public var netdevs: [String] = []
    /// q35 with an Intel IOMMU (interrupt remapping on) and `intel_iommu=on`, for vfio.
    public var iommu = false
    /// QEMU's human monitor on a virtio-serial port the guest sees as
    /// /dev/virtio-ports/org.nbshim.monitor (Tests/sandbox/qemu-monitor.sh drives it), so a guest
    /// command can change what QEMU emulates, e.g. `set_link n0 off` for a real link loss. Off by
    /// default: it adds a PCI device.
    public var monitorPort = false
    /// Guest RAM in QEMU's syntax ("2G", "1536M"; a bare number is MiB).
    public var memory = "2G"
    public var cpus = 2
    /// 2 MiB hugepages the guest kernel reserves at boot (DMA memory for uio drivers).
    public var hugepages = 64
    /// Seconds before QEMU is killed.
    public var timeout: Double = 1800
    public var command: [String]
    /// Where the command starts; the host's directories are the guest's.
    public var workingDirectory: String
    /// The command's whole environment.
    public var environment: [(String, String)]

    /// The environment defaults to PATH with `pathPrefix` first (the running nbshim's directory, so
    /// it and the binaries built beside it are found), HOME=/root, the host's TERM, and every
    /// NBSHIM_* variable of the host.
    public init(command: [String],
                workingDirectory: String = FileManager.default.currentDirectoryPath,
                pathPrefix: [String] = [Self.executableDirectory],
                hostEnvironment: [String: String] = ProcessInfo.processInfo.environment) {
        self.command = command
        self.workingDirectory = workingDirectory
        let hostPath = hostEnvironment["PATH"] ?? "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
        var env = [("PATH", (pathPrefix + [hostPath]).joined(separator: ":")),
                   ("HOME", "/root"),
                   ("TERM", hostEnvironment["TERM"] ?? "dumb")]
        env += hostEnvironment.filter { $0.key.hasPrefix("NBSHIM_") }.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        environment = env
    }

    /// Directory of the running executable.
    public static var executableDirectory: String {
        let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        return (exe as NSString).deletingLastPathComponent
    }

    /// `memory` in MiB, or nil when QEMU would not understand it.
    public var memoryMiB: Int? {
        let units: [Character: Int] = ["M": 1, "G": 1024, "T": 1024 * 1024]
        var digits = Substring(memory.uppercased())
        var scale = 1
        if let u = digits.last, let s = units[u] { scale = s; digits = digits.dropLast() }
        else if digits.last == "B" { return nil }
        guard let n = Int(digits), n > 0 else { return nil }
        return n * scale
    }

    /// Checks what QEMU would otherwise reject with a less direct message, or accept and then hang.
    public func validate() throws {
        guard !command.isEmpty else {
            throw SandboxError("give the command to run after --, e.g. nbshim sandbox --device edu -- lspci -nn")
        }
        guard let mib = memoryMiB else {
            throw SandboxError("--memory \(memory): use a size such as 2G or 1536M")
        }
        guard hugepages >= 0 else { throw SandboxError("--hugepages \(hugepages): use 0 or more") }
        let needed = hugepages * 2 + 256
        guard mib >= needed else {
            throw SandboxError("--memory \(memory) leaves the guest too little beside \(hugepages) hugepages (\(hugepages * 2) MiB): use at least \(needed)M")
        }
        guard (1...64).contains(cpus) else { throw SandboxError("--cpus \(cpus): use 1 to 64") }
        guard timeout > 0 else { throw SandboxError("--timeout \(timeout): use a number of seconds above 0") }
        for n in netdevs where n.hasPrefix("-") || !n.split(separator: ",").contains(where: { $0.hasPrefix("id=") }) {
            throw SandboxError("--netdev '\(n)': give a QEMU network backend with an id, e.g. --netdev hubport,id=n0,hubid=0")
        }
        for d in devices where d.isEmpty || d.hasPrefix("-") {
            throw SandboxError("--device '\(d)': give a QEMU device model, e.g. --device e1000 or --device edu")
        }
    }
}
