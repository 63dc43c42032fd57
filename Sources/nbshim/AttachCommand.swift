import ArgumentParser
import CNetBSDShim
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
            attaches and prints NetBSD's attach lines. A device on no userspace driver is bound for \
            the time nbshim runs (as `nbshim bind` would) and given back after: to vfio-pci when its \
            IOMMU group is viable (DMA confined by the IOMMU; MSI and MSI-X), else to uio_pci_generic. \
            Exits non-zero when no driver attached to some device.
            Example: nbshim attach --exit-after-attach --sysctl hw.edu0.storm=10000 1234:11e8
            """)

    @Option(name: .customLong("module"), help: ArgumentHelp("A driver module (shared object) to load; repeatable.", valueName: "PATH.so"))
    var modules: [String] = []

    @Flag(help: "Detach and exit right after attaching, instead of waiting for SIGINT or SIGTERM.")
    var exitAfterAttach = false

    @Option(help: ArgumentHelp("Print the rnd(9) sources' counts every SECONDS while attached (they are always printed at detach).", valueName: "SECONDS"))
    var stats: Double?

    @Option(name: .customLong("sysctl"), help: ArgumentHelp("After attaching, write an integer sysctl node and print 'NAME: OLD -> NEW' (NEW read back); repeatable.", valueName: "NAME=VALUE"))
    var sysctls: [String] = []

    @Option(name: .customLong("property"), help: ArgumentHelp("A device property for the driver of each device, as NetBSD's machine-dependent code sets for boards it knows (true/false or none: a bool; an integer: a number; else a string); repeatable. E.g. am79c970-no-eeprom for pcn(4) on QEMU's pcnet, whose address PROM answers byte reads with all ones once the chip is in 32-bit mode.", valueName: "KEY[=VALUE]"))
    var properties: [String] = []

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
        let props = try properties.map { p in
            let kv = p.split(separator: "=", maxSplits: 1).map(String.init)
            guard let key = kv.first, !key.isEmpty else { throw HostError("--property \(p): expected KEY or KEY=VALUE (am79c970-no-eeprom)") }
            return (key, kv.count == 2 ? kv[1] : nil)
        }
        var attached = 0
        var unattached: [PCIAddress] = []
        for spec in devices {
            for d in try host.open(spec) {
                if host.attach(d, properties: props) { attached += 1 } else { unattached.append(d.address) }
            }
        }
        // A failed sysctl write still detaches, then reports.
        let sysctlResult = Result { for assignment in sysctls { print(try Self.writeSysctl(assignment)) } }
        if !exitAfterAttach && attached > 0, case .success = sysctlResult {
            // `nbshim ifmedia` reaches the interfaces through here until the drivers detach.
            let control = ControlServer(handler: InterfaceMedia.handle)
            defer { control.stop() }
            let interfaces = InterfaceMedia.interfaceNames()
            if !interfaces.isEmpty {
                do { try control.start(interfaces, report: { print($0) }) } catch {
                    print("no control channel (\(error)): nbshim ifmedia cannot reach \(interfaces.joined(separator: ", "))")
                }
            }
            if let stats {
                guard stats > 0 else { throw HostError("--stats needs a positive number of seconds, not \(stats)") }
                while StopSignal.wait(seconds: stats) == nil { printEntropy(host) }
            } else {
                _ = StopSignal.wait()
            }
        }
        printEntropy(host)
        let hadInterfaces = !InterfaceMedia.interfaceNames().isEmpty
        try host.detachAll()
        if hadInterfaces { print(Self.mbufLine()) }
        print(Self.dmaLine())
        try sysctlResult.get()
        guard unattached.isEmpty else {
            throw HostError("no driver attached to \(unattached.map { "\($0)" }.joined(separator: ", ")): load its module with --module")
        }
    }

    /// What the network stack still holds once every driver has detached: all zero unless leaked.
    static func mbufLine() -> String {
        var s = nbk_mbuf_stats()
        nbk_mbuf_stats(&s)
        return "mbufs in use after detach: \(s.mbufs) mbufs, \(s.clusters) clusters, \(s.ext) external, \(s.tags) tags"
    }

    /// bus_dma(9) the drivers still hold once detached (maps, and memory such as descriptor rings);
    /// a driver without a detach function keeps its own.
    static func dmaLine() -> String {
        var s = nbk_dma_stats()
        nbk_dma_stats(&s)
        return "DMA in use after detach: \(s.maps) maps (\(s.loaded) loaded), \(s.bytes) bytes of DMA memory in \(s.segments) segments"
    }

    private func printEntropy(_ host: AttachHost) {
        for s in host.entropySources() { print(s.line) }
        fflush(stdout)
    }

    /// NAME=VALUE on an integer node: writes VALUE through the node's handler, returns "NAME: OLD -> NEW".
    static func writeSysctl(_ assignment: String) throws -> String {
        let parts = assignment.split(separator: "=", maxSplits: 1).map(String.init)
        guard parts.count == 2, let value = Int32(parts[1]) else {
            throw HostError("--sysctl \(assignment): expected NAME=INTEGER (hw.edu0.storm=10000)")
        }
        let name = parts[0]
        guard nbk_sysctl_type(name) == 2 else {
            throw HostError("--sysctl \(assignment): \(name) is not an integer sysctl node of the attached drivers")
        }
        func read() throws -> Int32 {
            var v: Int32 = 0
            var len = MemoryLayout<Int32>.size
            let rc = nbk_sysctl_read(name, &v, &len)
            guard rc == 0 else { throw HostError("reading sysctl \(name) failed: error \(rc)") }
            return v
        }
        let old = try read()
        var v = value
        let rc = nbk_sysctl_write(name, &v, MemoryLayout<Int32>.size)
        guard rc == 0 else { throw HostError("writing \(value) to sysctl \(name) failed: error \(rc)") }
        return "\(name): \(old) -> \(try read())"
    }
}
