import ArgumentParser
import CBench
import Foundation
import NBHost
import NBModels
import NBPCI

struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Micro-benchmarks of the kernel personality against the raw operations they wrap (one run).",
        discussion: "Meaningful only in a release build: swift build -c release, then .build/release/nbshim bench.")

    @Option(help: "Operations per measurement.")
    var iterations: UInt64 = 5_000_000

    @Option(name: .customLong("interrupts"), help: ArgumentHelp("Instead: interrupt latency (device raise -> handler entry) on QEMU edu devices, each through the userspace driver it is bound to; the first two are compared (e.g. one on uio, one on vfio). Repeatable.", valueName: "BDF"))
    var interruptDevices: [String] = []

    @Option(help: "Interrupts per device with --interrupts.")
    var rounds = 2000

    func run() throws {
        if !interruptDevices.isEmpty { return try runInterrupts() }
        try Kernel.boot()
        for line in SyncBench.run(mutex: { nbshim_bench_mutex($0, $1) }, pingPong: nbshim_bench_pingpong,
                                  contended: nbshim_bench_contended, iterations: iterations) {
            print(line)
        }
        let reads = iterations * 10
        var shim: UInt64 = 0, raw: UInt64 = 0
        nbshim_bench_bus_space_read_4(reads, &shim, &raw)
        let per = { (ns: UInt64) in String(format: "%7.2f ns", Double(ns) / Double(reads)) }
        print("bus_space_read_4 (mapped memory)".padding(toLength: 34, withPad: " ", startingAt: 0)
              + " shim \(per(shim))  volatile load \(per(raw))  ratio \(String(format: "%.2f", Double(shim) / Double(max(raw, 1))))")
        try benchPortIOAndDMA()
    }

    /// Port I/O as the personality does it on uio and vfio (a pread of the BAR's file, no Swift
    /// call) against a bare pread of the same file, here a plain file standing in for the sysfs
    /// resource file; and the host calls of one bus_dmamap_load, on an edu model's DMA memory.
    private func benchPortIOAndDMA() throws {
        let edu = EduModel.device()
        let handle = HostDeviceHandle.retain(edu)
        defer { HostDeviceHandle.release(handle); edu.close() }

        let path = NSTemporaryDirectory() + "nbshim-bench-pio-\(getpid())"
        guard FileManager.default.createFile(atPath: path, contents: Data(count: 4096)) else {
            throw PCIError("cannot create \(path) for the port I/O benchmark")
        }
        let fd = open(path, O_RDWR)
        unlink(path)
        guard fd >= 0 else { throw PCIError("cannot open \(path) for the port I/O benchmark") }
        defer { close(fd) }
        var pio = PortIOFile.descriptor(PortIOFile(fd: fd, offset: 0, size: 4096))
        let reads = max(iterations / 50, 1)
        var shim: UInt64 = 0, raw: UInt64 = 0
        nbshim_bench_port_io_read_4(handle, &pio, reads, &shim, &raw)
        let per = { (ns: UInt64) in String(format: "%7.2f ns", Double(ns) / Double(reads)) }
        print("bus_space_read_4 (port I/O)".padding(toLength: 34, withPad: " ", startingAt: 0)
              + " shim \(per(shim))  bare pread    \(per(raw))  ratio \(String(format: "%.2f", Double(shim) / Double(max(raw, 1))))")

        let loads: UInt64 = 10_000, size = 64 * 1024
        let before = HostDeviceHandle.of(handle).busAddressLookups
        var ns: UInt64 = 0
        var segs: Int32 = 0
        let rc = nbshim_bench_dmamap_load(handle, size, loads, &ns, &segs)
        guard rc == 0 else { throw PCIError("bus_dmamap_load benchmark failed with NetBSD errno \(rc)") }
        let calls = Double(HostDeviceHandle.of(handle).busAddressLookups - before) / Double(loads)
        print("bus_dmamap_load (64 KiB)".padding(toLength: 34, withPad: " ", startingAt: 0)
              + " \(String(format: "%.2f", calls)) host calls per load  \(segs) segments  \(String(format: "%.0f", Double(ns) / Double(loads))) ns per load")
    }

    private func runInterrupts() throws {
        var results: [InterruptBench.Result] = []
        for spec in interruptDevices {
            guard let a = PCIAddress(spec) else { throw PCIError("--interrupts \(spec): not a PCI address (0000:00:04.0)") }
            let r = try InterruptBench.run(a, rounds: rounds)
            print(r.line)
            results.append(r)
        }
        if results.count >= 2 {
            let ratio = Double(results[0].medianNanoseconds) / Double(max(results[1].medianNanoseconds, 1))
            print("interrupt latency \(results[0].how) / \(results[1].how): ratio \(String(format: "%.2f", ratio)) (medians, \(rounds) interrupts each)")
        }
    }
}
