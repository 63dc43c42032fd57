import ArgumentParser
import Foundation
import NBSandbox

struct Sandbox: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sandbox",
        abstract: "Boot a throwaway QEMU guest with emulated PCI devices and run COMMAND in it as root.",
        discussion: """
            The guest (TCG, Debian's linux-image-amd64) sees the host's files through a throwaway \
            overlay, starts COMMAND in the current directory with this nbshim's directory first on PATH \
            and NBSHIM_* variables passed through, and nbshim exits with COMMAND's status. COMMAND's \
            stdout and stderr (and kernel errors) arrive on nbshim's stdout; its stdin is empty. Exit \
            statuses of nbshim itself: 124 timeout, 125 sandbox failure, 128+N stopped by signal N.
            Example: nbshim sandbox --device e1000 --device edu -- lspci -nn
            """)

    @Option(name: .customLong("device"),
            help: ArgumentHelp("A QEMU PCI device for the guest, e.g. e1000, edu, virtio-net-pci,disable-legacy=off; repeatable, kept in order.",
                               valueName: "QEMUDEV[,PROPS]"))
    var devices: [String] = []

    @Option(name: .customLong("netdev"),
            help: ArgumentHelp("A QEMU network backend for NICs to name with netdev=ID, e.g. hubport,id=n0,hubid=0 (NICs on one hub reach each other); repeatable.",
                               valueName: "TYPE,id=ID[,PROPS]"))
    var netdevs: [String] = []

    @Flag(help: "Give the guest an Intel IOMMU (q35, intel-iommu with interrupt remapping, intel_iommu=on), for vfio.")
    var iommu = false

    @Flag(help: "Connect QEMU's human monitor to the guest's virtio-serial port /dev/virtio-ports/org.nbshim.monitor (Tests/sandbox/qemu-monitor.sh: qemu_monitor set_link ID off). Adds a PCI device.")
    var monitorPort = false

    @Option(help: ArgumentHelp("Guest RAM.", valueName: "SIZE"))
    var memory = "2G"

    @Option(help: "Guest CPUs.")
    var cpus = 2

    @Option(help: "2 MiB hugepages reserved at guest boot (DMA memory).")
    var hugepages = 64

    @Option(help: ArgumentHelp("Kill the guest after this many seconds.", valueName: "SECONDS"))
    var timeout: Double = 1800

    @Argument(parsing: .postTerminator, help: ArgumentHelp("The command to run in the guest, after --.", valueName: "COMMAND"))
    var command: [String] = []

    func run() throws {
        var c = SandboxConfiguration(command: command)
        c.devices = devices
        c.netdevs = netdevs
        c.iommu = iommu
        c.monitorPort = monitorPort
        c.memory = memory
        c.cpus = cpus
        c.hugepages = hugepages
        c.timeout = timeout
        signal(SIGPIPE, SIG_IGN)  // a closed stdout must not kill us before QEMU is reaped
        let status: Int32
        do {
            status = try SandboxRunner(c).run { bytes in
                var rest = bytes[...]
                while !rest.isEmpty {
                    let n = rest.withUnsafeBytes { write(STDOUT_FILENO, $0.baseAddress, $0.count) }
                    if n < 0 && errno == EINTR { continue }
                    if n <= 0 { return }  // stdout gone: keep draining the guest, print nothing
                    rest = rest.dropFirst(n)
                }
            }
        } catch let e as SandboxError {
            FileHandle.standardError.write(Data("nbshim sandbox: \(e.message)\n".utf8))
            throw ExitCode(e.exitCode)
        }
        throw ExitCode(status)
    }
}
