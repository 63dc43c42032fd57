import ArgumentParser
import Foundation
import NBHost
import NBPCI

struct Attach: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "attach",
        abstract: "Run NetBSD drivers on PCI devices: match, attach, and detach on SIGINT/SIGTERM.",
        discussion: """
            Starts the NetBSD kernel personality, loads driver modules, and offers each device to \
            every registered driver (the built-in edu driver and the modules'); the best match \
            attaches and prints NetBSD's attach lines. A device on no userspace driver is bound to \
            uio_pci_generic for the time nbshim runs (as `nbshim bind` would) and given back after. \
            Exits non-zero when no driver attached to some device.
            Example: nbshim attach --exit-after-attach 1234:11e8
            """)

    @Option(name: .customLong("module"), help: ArgumentHelp("A driver module (shared object) to load; repeatable.", valueName: "PATH.so"))
    var modules: [String] = []

    @Flag(help: "Detach and exit right after attaching, instead of waiting for SIGINT or SIGTERM.")
    var exitAfterAttach = false

    @Flag(help: "Run under gdb, stopped in the matching driver's attach function.")
    var gdb = false

    @Flag(help: "With --gdb: no prompt; print the backtrace at the stop and run to the end.")
    var gdbBatch = false

    @Argument(help: "PCI addresses (0000:00:04.0), or VENDOR:DEVICE ids")
    var devices: [String]

    func run() throws {
        if gdb || gdbBatch {
            let rest = CommandLine.arguments.dropFirst().filter { $0 != "--gdb" && $0 != "--gdb-batch" }
            try AttachDebugger.exec(arguments: Array(rest), batch: gdbBatch)
        }
        try StopSignal.install()
        let host = try AttachHost()
        defer { host.close() }
        for m in modules { try host.loadModule(m) }
        var attached = 0
        var unattached: [PCIAddress] = []
        for spec in devices {
            for d in try host.open(spec) {
                if host.attach(d) { attached += 1 } else { unattached.append(d.address) }
            }
        }
        if !exitAfterAttach && attached > 0 {
            _ = StopSignal.wait()
        }
        try host.detachAll()
        guard unattached.isEmpty else {
            throw PCIError("no driver attached to \(unattached.map { "\($0)" }.joined(separator: ", ")): load its module with --module")
        }
    }
}
