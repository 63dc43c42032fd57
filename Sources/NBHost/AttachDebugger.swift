import Foundation
import NBPCI
import NBSystem
import SystemPackage

/// `nbshim attach --gdb`: the same attach, run under gdb and stopped in the attach function of the
/// driver that matches. NetBSD names it DRIVER_attach (CFATTACH_DECL(wm, ..., wm_attach, ...)); the
/// breakpoints go on every such function outside the personality, once nbk_pci_attach is reached
/// (modules loaded, so their drivers count too), and only the matching driver's is ever called.
public enum AttachDebugger {
    static let script = """
        import gdb, re

        def nbshim_break_driver_attach():
            listing = gdb.execute("info functions ^[a-z][a-z0-9]*_attach$", to_string=True)
            source, names = None, set()
            for line in listing.splitlines():
                if line.startswith("File "):
                    source = line[5:].rstrip(":")
                elif line.startswith("Non-debugging"):
                    source = None
                elif source and "/CNetBSDShim/" not in "/" + source:
                    m = re.search(r"\\b([a-z][a-z0-9]*_attach)\\(", line)
                    if m:
                        names.add(m.group(1))
            if not names:
                print("nbshim: no DRIVER_attach function with debug information: build with -g")
            for n in sorted(names):
                gdb.Breakpoint(n)

        """

    /// gdb's command line: `executable arguments` under gdb. `batch`: print the backtrace at the
    /// stop and run to the end without a prompt (for tests and bug reports).
    public static func commandLine(gdb: String, executable: String, arguments: [String], batch: Bool,
                                   scriptPath: String) -> [String] {
        var argv = [gdb, "-q"]
        if batch { argv.append("-batch") }
        argv += ["-x", scriptPath]
        for c in ["set pagination off", "set confirm off", "set print thread-events off",
                  "tbreak nbk_pci_attach", "run", "python nbshim_break_driver_attach()", "continue"] {
            argv += ["-ex", c]
        }
        if batch { argv += ["-ex", "backtrace", "-ex", "continue"] }
        return argv + ["--args", executable] + arguments
    }

    /// The gdb on PATH, or one line saying how to get it.
    public static func findGDB(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> String {
        let dirs = (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":").map(String.init)
        for d in dirs + ["/usr/bin"] where FileManager.default.isExecutableFile(atPath: d + "/gdb") {
            return d + "/gdb"
        }
        throw HostError("gdb not found on PATH, needed by --gdb: install it (apt-get install gdb)")
    }

    /// Writes the Python helper where gdb can read it; returns its path.
    public static func writeScript() throws -> String {
        let path = NSTemporaryDirectory() + "nbshim-gdb-\(getpid()).py"
        do { try Data(script.utf8).write(to: URL(fileURLWithPath: path)) } catch {
            throw HostError("cannot write the gdb helper \(path): \(error.localizedDescription)")
        }
        return path
    }

    /// Replaces this process with gdb running `arguments` (nbshim's own, without --gdb).
    public static func exec(arguments: [String], batch: Bool) throws -> Never {
        let gdb = try findGDB()
        let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        let argv = commandLine(gdb: gdb, executable: exe, arguments: arguments, batch: batch, scriptPath: try writeScript())
        var cargs = argv.map { strdup($0) } + [nil]
        execv(gdb, &cargs)
        throw HostError("cannot run \(gdb)", errno: .last)
    }
}
