import ArgumentParser
import CBench
import Foundation
import NBHost

struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Micro-benchmarks of the kernel personality against the raw operations they wrap (one run).",
        discussion: "Meaningful only in a release build: swift build -c release, then .build/release/nbshim bench.")

    @Option(help: "Operations per measurement.")
    var iterations: UInt64 = 5_000_000

    func run() throws {
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
}
