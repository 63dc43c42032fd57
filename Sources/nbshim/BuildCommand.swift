import ArgumentParser
import Foundation
import NBBuild

struct Build: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Build a loadable driver module from a kernel-config fragment, the way config(1) and make would.",
        discussion: """
            FILE holds NetBSD kernel-config lines for the module's devices, e.g.
              virtio* at pci? dev ? function ?
              viornd* at virtio?
            The tree's own files.* decide which sources that takes. The module is checked against
            the symbols nbshim exports: whatever is missing is printed by subsystem (the porting
            report) and fails the build unless --allow-unresolved.
            """)

    @Option(name: .customLong("netbsd-src"), help: "NetBSD source tree (the directory holding sys/); default $NETBSD_SRC")
    var netbsdSrc: String?

    @Option(name: .customLong("tree"), help: ArgumentHelp("A tree of our own drivers instead (holding conf/files.nbshim), e.g. Drivers", valueName: "dir"))
    var tree: String?

    @Option(name: .customLong("config"), help: ArgumentHelp("Kernel-config fragment", valueName: "file"))
    var config: String

    @Option(name: .short, help: ArgumentHelp("Output module (default: ./<config name>.so)", valueName: "out.so"))
    var output: String?

    @Option(name: .short, help: "Parallel compile jobs")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @Flag(help: "Link even when the host lacks symbols; each missing function panics with its name when called")
    var allowUnresolved = false

    @Flag(help: "Accept a device whose children (e.g. PHYs at mii) are all missing from the config")
    var allowChildless = false

    @Option(help: ArgumentHelp("The shim's kernel headers (default: found above the nbshim binary)", valueName: "dir"))
    var shimInclude: String?

    @Option(help: ArgumentHelp("Check against this nbshim binary's exports (default: this one)", valueName: "path"))
    var host: String?

    @Option(help: ArgumentHelp("C compiler (default: the Swift toolchain's clang)", valueName: "path"))
    var cc: String?

    func run() throws {
        let root: String, kind: BuildOptions.TreeKind
        if let tree {
            guard netbsdSrc == nil else { throw BuildError("give --netbsd-src or --tree, not both") }
            (root, kind) = (tree, .own)
        } else {
            guard let src = netbsdSrc ?? ProcessInfo.processInfo.environment["NETBSD_SRC"], !src.isEmpty else {
                throw BuildError("no NetBSD tree: pass --netbsd-src DIR or set NETBSD_SRC (or --tree DIR for our own drivers)")
            }
            (root, kind) = (src + "/sys", .netbsd)
        }
        let exe = host ?? Toolchain.selfExecutable()
        var o = BuildOptions(treeRoot: root, treeKind: kind, config: config,
                             shimInclude: try shimInclude ?? Toolchain.shimInclude(near: exe),
                             host: exe, clang: try cc ?? Toolchain.clang())
        o.output = output
        o.jobs = max(1, jobs)
        o.allowUnresolved = allowUnresolved
        o.allowChildless = allowChildless
        let r = try Builder.build(o) { print($0); fflush(stdout) }
        print("built \(r.output) in \(String(format: "%.1f", r.seconds)) s (\(r.plan.files.count + 1) files, \(r.warnings) warnings)"
              + (r.stubbed ? ", with panic stubs for \(r.report.count) symbol(s)" : ""))
    }
}
