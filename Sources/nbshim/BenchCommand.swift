import ArgumentParser
import CBench
import Foundation
import NBHost
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
