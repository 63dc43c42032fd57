import ArgumentParser
import Foundation
import NBBuild

struct SurveyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "survey",
        abstract: "Build every driver of a NetBSD tree that attaches at a bus, each alone, and report which link.",
        discussion: """
            Each driver gets the config line a user would write (`wm* at pci? dev ? function ?`) \
            plus the children its files.* declare at the interface attributes it offers (PHYs at \
            mii ...), and is built as `nbshim build` would, without --allow-unresolved. The table \
            gives each result (links, unresolved symbols, compile errors), the first missing items \
            by kind and the build time, then the totals ending in `links: N of M`. Tree files are \
            compiled once for the whole survey.
            """)

    @Option(name: .customLong("netbsd-src"), help: "NetBSD source tree (the directory holding sys/); default $NETBSD_SRC")
    var netbsdSrc: String?

    @Option(help: "The interface attribute the drivers attach at")
    var bus = "pci"

    @Option(name: .short, help: "Drivers built at once")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @Flag(help: "Print the results as JSON instead of the table")
    var json = false

    @Option(help: ArgumentHelp("Fail when fewer drivers link than the number in FILE", valueName: "FILE"))
    var floor: String?

    @Option(help: ArgumentHelp("Keep the configs, modules, logs and objects here (default: a temporary directory, removed)", valueName: "dir"))
    var work: String?

    @Option(help: ArgumentHelp("The shim's kernel headers (default: found above the nbshim binary)", valueName: "dir"))
    var shimInclude: String?

    @Option(help: ArgumentHelp("Check against this nbshim binary's exports (default: this one)", valueName: "path"))
    var host: String?

    @Option(help: ArgumentHelp("C compiler (default: the Swift toolchain's clang)", valueName: "path"))
    var cc: String?

    @Argument(help: "Drivers to build (default: every one at the bus)")
    var drivers: [String] = []

    func run() throws {
        guard let src = netbsdSrc ?? ProcessInfo.processInfo.environment["NETBSD_SRC"], !src.isEmpty else {
            throw BuildError("no NetBSD tree: pass --netbsd-src DIR or set NETBSD_SRC")
        }
        if let floor, !FileManager.default.isReadableFile(atPath: floor) { throw BuildError("cannot read the floor file \(floor)") }
        let exe = host ?? Toolchain.selfExecutable()
        let build = BuildOptions(treeRoot: src + "/sys", treeKind: .netbsd, config: "",
                                 shimInclude: try shimInclude ?? Toolchain.shimInclude(near: exe),
                                 host: exe, clang: try cc ?? Toolchain.clang())
        let dir = work ?? NSTemporaryDirectory() + "nbshim-survey-\(getpid())"
        defer { if work == nil { try? FileManager.default.removeItem(atPath: dir) } }
        var o = Survey.Options(build: build, work: dir)
        o.bus = bus
        o.drivers = drivers
        o.jobs = max(1, jobs)
        let done = Counter()
        let report = try Survey.run(o) { e in
            let n = done.next()
            FileHandle.standardError.write(Data(String(format: "survey: [%d] %@ %@ (%.1f s)\n", n, e.driver, e.result.rawValue, e.seconds).utf8))
        }
        print(json ? try Survey.json(report) : Survey.table(report), terminator: json ? "\n" : "")
        if let floor, let below = try Survey.belowFloor(report, file: floor) { throw BuildError(below) }
    }
}

private final class Counter: @unchecked Sendable {
    private var n = 0
    private let lock = NSLock()
    func next() -> Int { lock.lock(); defer { lock.unlock() }; n += 1; return n }
}
